package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.io.PrintStream;
import java.util.List;
import org.vaultfs.VaultNode;
import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists entries recursively (like restic ls / unsquashfs -l); a directory argument lists its subtree. */
@Command(name = "ls", description = "List the entries of a vault (recursively), or of PATH's subtree.")
final class LsCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (read in place with ranged requests).")
    VaultLocation vault;

    @Mixin
    S3EndpointOptions s3;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A file or directory inside the vault.")
    String path;

    @Option(names = "-l", description = "Long format, as tar -tv: type and mode, owner/group, size, time (UTC), path, -> target.")
    boolean longFormat;

    @Option(names = {"-h", "--human-readable"},
            description = "With -l, sizes as 1.5K, 20M, 3.1G (as GNU ls -h; help is --help here).")
    boolean human;

    @Option(names = "--json", description = "Print a JSON array of {path, type, size, modified} plus mode, owner, mtime_ns, target ... where recorded.")
    boolean json;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        try (Vault v = openVault(vault, password, s3)) {
            List<VaultNode> nodes = v.nodes(path == null ? List.of() : List.of(path));
            if (json) {
                Json.write(env().out(), g -> {
                    g.writeStartArray();
                    for (VaultNode n : nodes) {
                        g.writeStartObject();
                        g.writeStringField("path", n.path());
                        g.writeStringField("type", n.kind().json());
                        g.writeNumberField("size", n.size());
                        g.writeStringField("modified", n.modified());
                        NodeMetadata m = n.metadata();
                        if (m != null) {
                            g.writeStringField("mode", String.format("%04o", m.mode()));
                            g.writeNumberField("uid", m.uid());
                            g.writeNumberField("gid", m.gid());
                            if (m.user() != null) {
                                g.writeStringField("user", m.user());
                            }
                            if (m.group() != null) {
                                g.writeStringField("group", m.group());
                            }
                            g.writeStringField("mtime_ns", m.mtimeSeconds() + String.format(".%09d", m.mtimeNanos()));
                            if (m.target() != null) {
                                g.writeStringField("target", m.target());
                            }
                            if (m.linkGroup() != 0) {
                                g.writeNumberField("hard_link_group", m.linkGroup());
                            }
                            if (m.kind() == NodeKind.CHAR_DEVICE || m.kind() == NodeKind.BLOCK_DEVICE) {
                                g.writeStringField("device", m.rdevMajor() + "," + m.rdevMinor());
                            }
                            if (!m.xattrs().isEmpty()) {
                                g.writeArrayFieldStart("xattrs");
                                for (org.vaultfs.metadata.Xattr x : m.xattrs()) {
                                    g.writeString(x.name());
                                }
                                g.writeEndArray();
                            }
                        }
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                });
            } else if (longFormat) {
                printLong(nodes);
            } else {
                for (VaultNode n : nodes) {
                    env().out().println(Human.path(n.path()) + (n.kind() == NodeKind.DIR ? "/" : ""));
                }
            }
        }
        return 0;
    }

    private String size(VaultNode n) {
        if (n.kind() == NodeKind.DIR) {
            return "-";
        }
        if (n.metadata() != null && (n.kind() == NodeKind.CHAR_DEVICE || n.kind() == NodeKind.BLOCK_DEVICE)) {
            return n.metadata().rdevMajor() + "," + n.metadata().rdevMinor();
        }
        return human ? Human.shortSize(n.size()) : Long.toString(n.size());
    }

    /**
     * tar -tv's columns: type and mode, owner/group, size, time, path, and the target of a
     * symlink; a vault that records no metadata keeps the short form (type, size, time, path).
     */
    private void printLong(List<VaultNode> nodes) {
        if (nodes.stream().allMatch(n -> n.metadata() == null)) {
            printPlain(nodes);
            return;
        }
        int width = 1;
        int ownerWidth = 1;
        for (VaultNode n : nodes) {
            width = Math.max(width, size(n).length());
            ownerWidth = Math.max(ownerWidth, owner(n).length());
        }
        PrintStream out = env().out();
        for (VaultNode n : nodes) {
            String size = size(n);
            String owner = owner(n);
            NodeMetadata m = n.metadata();
            String time = m == null ? n.modified() : Timestamp.of(m.mtimeSeconds(), m.mtimeNanos());
            out.println(ModeString.of(n.kind(), m == null ? -1 : m.mode()) + " " + owner + " ".repeat(ownerWidth - owner.length())
                    + " " + " ".repeat(width - size.length()) + size + "  " + time + "  " + Human.path(n.path())
                    + (n.kind() == NodeKind.DIR ? "/" : "") + (m != null && m.target() != null ? " -> " + Human.path(m.target()) : ""));
        }
    }

    private void printPlain(List<VaultNode> nodes) {
        int width = 1;
        for (VaultNode n : nodes) {
            width = Math.max(width, size(n).length());
        }
        for (VaultNode n : nodes) {
            String size = size(n);
            env().out().println((n.kind() == NodeKind.DIR ? "d " : "- ") + " ".repeat(width - size.length()) + size + "  "
                    + n.modified() + "  " + Human.path(n.path()) + (n.kind() == NodeKind.DIR ? "/" : ""));
        }
    }

    private static String owner(VaultNode n) {
        NodeMetadata m = n.metadata();
        if (m == null) {
            return "-";
        }
        return (m.user() != null ? m.user() : Long.toString(m.uid())) + "/" + (m.group() != null ? m.group() : Long.toString(m.gid()));
    }
}

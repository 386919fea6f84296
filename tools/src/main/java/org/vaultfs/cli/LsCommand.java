package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.vaultfs.container.Entry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists entries recursively (like restic ls / unsquashfs -l); a directory argument lists its subtree. */
@Command(name = "ls", description = "List the entries of a vault (recursively), or of PATH's subtree.")
final class LsCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT")
    Path vault;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A file or directory inside the vault.")
    String path;

    @Option(names = "-l", description = "Long format: type, size in bytes, modification time (UTC), path.")
    boolean longFormat;

    @Option(names = {"-h", "--human-readable"},
            description = "With -l, sizes as 1.5K, 20M, 3.1G (as GNU ls -h; help is --help here).")
    boolean human;

    @Option(names = "--json", description = "Print a JSON array of {path, type, size, modified}.")
    boolean json;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        try (Vault v = openVault(vault, password)) {
            List<Entry> entries = v.select(path == null ? List.of() : List.of(path));
            if (json) {
                Json.write(env().out(), g -> {
                    g.writeStartArray();
                    for (Entry e : entries) {
                        g.writeStartObject();
                        g.writeStringField("path", e.path());
                        g.writeStringField("type", e.isDir() ? "dir" : "file");
                        g.writeNumberField("size", e.size());
                        g.writeStringField("modified", e.modified());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                });
            } else if (longFormat) {
                printLong(entries);
            } else {
                for (Entry e : entries) {
                    env().out().println(Human.path(e.path()) + (e.isDir() ? "/" : ""));
                }
            }
        }
        return 0;
    }

    private String size(Entry e) {
        return e.isDir() ? "-" : human ? Human.shortSize(e.size()) : Long.toString(e.size());
    }

    private void printLong(List<Entry> entries) {
        int width = 1;
        for (Entry e : entries) {
            width = Math.max(width, size(e).length());
        }
        PrintStream out = env().out();
        for (Entry e : entries) {
            String size = size(e);
            out.println((e.isDir() ? "d " : "- ") + " ".repeat(width - size.length()) + size + "  "
                    + e.modified() + "  " + Human.path(e.path()) + (e.isDir() ? "/" : ""));
        }
    }
}

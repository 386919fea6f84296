package org.vaultfs.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vaultfs.container.AlgorithmSpec;
import org.vaultfs.container.ExtensionEntry;
import org.vaultfs.container.Manifest;
import org.vaultfs.container.VaultHeader;
import org.vaultfs.Vault;
import org.vaultfs.container.ParityLayout;
import org.vaultfs.container.VaultProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Describes a vault. Header facts need no password; contents and the wrapper stack are shown
 * when a password source is given (or --unlock asks for one) or the vault is unencrypted.
 */
@Command(name = "info", description = {"Show header facts (no password needed) and, when unlocked, contents and wrapper stack.",
        "Unlocks when --password-file or $VAULT_PASSWORD is given, or with --unlock (prompts)."})
final class InfoCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (read in place with ranged requests).")
    VaultLocation vault;

    @Mixin
    S3EndpointOptions s3;

    @Option(names = {"-u", "--unlock"}, description = "Ask for the password if no other source is given.")
    boolean unlock;

    @Option(names = "--json", description = "Print one JSON object (stable field names).")
    boolean json;

    @Mixin
    PasswordOptions password;

    /** What unlocking revealed; null while locked. */
    private record Unlocked(Manifest manifest, VaultStats stats, List<ExtensionEntry> extensions, ParityLayout parity) {
    }

    /** Info counts entries and chunks, not the metadata, so its open does not read that ahead. */
    @Override
    boolean readsMetadata() {
        return false;
    }

    @Override
    public Integer call() {
        VaultProbe probe = probe(vault, s3);
        Unlocked u = null;
        if (!probe.encrypted() || unlock || Passwords.available(env(), password)) {
            try (Vault v = openVault(vault, password, s3)) {
                u = new Unlocked(probe.legacy() == null ? v.manifest() : null, VaultStats.of(v), v.extensions(), v.parityLayout());
            }
        }
        if (probe.legacy() != null) {
            Unlocked unlocked = u;
            if (json) {
                Json.write(env().out(), g -> writeLegacyJson(g, probe, unlocked));
            } else {
                printLegacy(probe, u);
            }
            return 0;
        }
        if (json) {
            Unlocked unlocked = u;
            Json.write(env().out(), g -> writeJson(g, probe, unlocked));
        } else {
            printText(probe, u);
        }
        return 0;
    }

    private void writeJson(JsonGenerator g, VaultProbe p, Unlocked u) throws IOException {
        VaultHeader h = p.header();
        g.writeStartObject();
        g.writeStringField("path", p.name());
        g.writeStringField("format", "AEROVAULT3");
        g.writeNumberField("version", VaultHeader.VERSION);
        g.writeNumberField("flags", h.flags());
        g.writeBooleanField("encrypted", p.encrypted());
        g.writeNumberField("file_size", p.fileSize());
        g.writeNumberField("wrapper_header_version", h.wrapperHeaderVersion());
        g.writeObjectFieldStart("sections");
        section(g, "data", h.dataOffset(), h.dataLen());
        section(g, "manifest", h.manifestOffset(), h.manifestLen());
        section(g, "extension_directory", h.extensionDirOffset(), h.extensionDirLen());
        section(g, "extension_payload", h.extensionPayloadOffset(), h.extensionPayloadLen());
        g.writeEndObject();
        g.writeArrayFieldStart("extensions");
        for (ExtensionEntry x : u == null ? p.extensions() : u.extensions()) {
            g.writeStartObject();
            g.writeStringField("extension_id", x.extensionId());
            g.writeStringField("algorithm_id", x.algorithmId());
            g.writeNumberField("algorithm_version", x.algorithmVersion());
            g.writeBooleanField("critical", x.critical());
            g.writeNumberField("offset", x.offset());
            g.writeNumberField("length", x.length());
            g.writeEndObject();
        }
        g.writeEndArray();
        ParityLayout par = parity(p, u);
        g.writeObjectFieldStart("parity");
        g.writeStringField("placement", par.placement());
        if (par.pct() != null) {
            g.writeNumberField("pct", par.pct());
            g.writeNumberField("k", par.grid().k());
            g.writeNumberField("p", par.grid().p());
        }
        g.writeEndObject();
        g.writeBooleanField("unlocked", u != null);
        if (u != null) {
            VaultStats s = u.stats();
            g.writeStringField("created", u.manifest().created());
            g.writeStringField("modified", u.manifest().modified());
            writeCounts(g, s);
            g.writeNumberField("unique_plaintext_bytes", s.uniquePlaintextBytes());
            g.writeNumberField("dedup_saved_bytes", s.dedupSavedBytes());
            g.writeArrayFieldStart("wrappers");
            for (Map.Entry<String, AlgorithmSpec> w : u.manifest().wrappers().slots().entrySet()) {
                AlgorithmSpec a = w.getValue();
                g.writeStartObject();
                g.writeStringField("slot", w.getKey());
                g.writeStringField("algorithm_id", a.algorithmId());
                g.writeNumberField("algorithm_version", a.algorithmVersion());
                if (a.level() != null) {
                    g.writeNumberField("level", a.level());
                }
                if (a.bounds() != null) {
                    g.writeObjectFieldStart("bounds");
                    g.writeNumberField("min", a.bounds().min());
                    g.writeNumberField("avg", a.bounds().avg());
                    g.writeNumberField("max", a.bounds().max());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void section(JsonGenerator g, String name, long offset, long length) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("offset", offset);
        g.writeNumberField("length", length);
        g.writeEndObject();
    }

    private void printText(VaultProbe p, Unlocked u) {
        PrintStream out = env().out();
        VaultHeader h = p.header();
        row(out, "vault", Human.path(p.name()));
        ParityLayout par = parity(p, u);
        row(out, "format", "AEROVAULT3 version " + VaultHeader.VERSION + ", wrapper header v" + h.wrapperHeaderVersion()
                + (par.placement().equals("none") ? " (v3)" : " (v4: with Reed-Solomon parity)"));
        row(out, "flags", String.format(Locale.ROOT, "0x%02x", h.flags())
                + (p.encrypted() ? " (encrypted)" : " (plaintext lane: integrity only, NOT encrypted)"));
        row(out, "size", Human.bytes(p.fileSize()) + " (" + Human.count(p.fileSize()) + " bytes)");
        row(out, "data", Human.bytes(h.dataLen()) + " at " + h.dataOffset());
        row(out, "manifest", Human.bytes(h.manifestLen()) + " at " + h.manifestOffset());
        row(out, "ext. directory", Human.bytes(h.extensionDirLen()) + " at " + h.extensionDirOffset());
        row(out, "ext. payload", Human.bytes(h.extensionPayloadLen()) + " at " + h.extensionPayloadOffset());
        List<ExtensionEntry> exts = u == null ? p.extensions() : u.extensions();
        if (exts.isEmpty()) {
            row(out, "extensions", "none");
        }
        for (int i = 0; i < exts.size(); i++) {
            ExtensionEntry x = exts.get(i);
            row(out, i == 0 ? "extensions" : "", Human.path(x.extensionId()) + " (" + Human.path(x.algorithmId()) + " v"
                    + x.algorithmVersion() + (x.critical() ? ", critical" : "") + ", " + Human.bytes(x.length()) + ")");
        }
        row(out, "parity", describe(par));
        if (u == null) {
            row(out, "contents", "locked (header not yet authenticated); give a password source or --unlock");
            return;
        }
        VaultStats s = u.stats();
        row(out, "created", u.manifest().created());
        row(out, "modified", u.manifest().modified());
        printCounts(out, s);
        row(out, "dedup saved", Human.bytes(s.dedupSavedBytes()));
        boolean first = true;
        for (Map.Entry<String, AlgorithmSpec> w : u.manifest().wrappers().slots().entrySet()) {
            AlgorithmSpec a = w.getValue();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s %s", w.getKey(), a.describe()));
            if (a.level() != null) {
                sb.append(" (level ").append(a.level()).append(')');
            }
            if (a.bounds() != null) {
                sb.append(" (min ").append(Human.bytes(a.bounds().min())).append(", avg ").append(Human.bytes(a.bounds().avg()))
                        .append(", max ").append(Human.bytes(a.bounds().max())).append(')');
            }
            row(out, first ? "wrappers" : "", sb.toString());
            first = false;
        }
    }

    /** An AEROVAULT2 vault: its clear header facts and, once unlocked, what it holds. */
    private void printLegacy(VaultProbe p, Unlocked u) {
        PrintStream out = env().out();
        VaultProbe.Legacy l = p.legacy();
        row(out, "vault", Human.path(p.name()));
        row(out, "format", "AEROVAULT2 (the legacy lineage) version " + l.version()
                + (l.version() == 2 ? " (chunk AAD: index only)" : " (chunk AAD: file id, count, index)"));
        row(out, "encryption", l.cascade() ? "AES-256-GCM-SIV inside ChaCha20-Poly1305 (cascade)" : "AES-256-GCM-SIV");
        row(out, "chunk size", Human.bytes(l.chunkSize()));
        row(out, "size", Human.bytes(p.fileSize()) + " (" + Human.count(p.fileSize()) + " bytes)");
        row(out, "parity", "none (AEROVAULT2 has no place for it; 'vault correct gen' writes a sidecar for any file)");
        if (u == null) {
            row(out, "contents", "locked (header not yet authenticated); give a password source or --unlock");
            return;
        }
        VaultStats s = u.stats();
        printCounts(out, s);
    }

    private static void writeLegacyJson(JsonGenerator g, VaultProbe p, Unlocked u) throws IOException {
        VaultProbe.Legacy l = p.legacy();
        g.writeStartObject();
        g.writeStringField("path", p.name());
        g.writeStringField("format", "AEROVAULT2");
        g.writeNumberField("version", l.version());
        g.writeBooleanField("cascade", l.cascade());
        g.writeNumberField("chunk_size", l.chunkSize());
        g.writeBooleanField("encrypted", true);
        g.writeNumberField("file_size", p.fileSize());
        g.writeBooleanField("unlocked", u != null);
        if (u != null) {
            VaultStats s = u.stats();
            writeCounts(g, s);
        }
        g.writeEndObject();
    }

    /** What an unlocked vault holds, as JSON members (both lineages). */
    private static void writeCounts(JsonGenerator g, VaultStats s) throws IOException {
        g.writeNumberField("entries", s.entries());
        g.writeNumberField("files", s.files());
        g.writeNumberField("directories", s.directories());
        g.writeNumberField("file_bytes", s.fileBytes());
        g.writeNumberField("chunks", s.chunks());
        g.writeNumberField("stored_bytes", s.storedBytes());
    }

    /** What an unlocked vault holds, as rows (both lineages). */
    private static void printCounts(PrintStream out, VaultStats s) {
        row(out, "entries", Human.count(s.entries()) + " (" + Human.plural(s.files(), "file", "files") + ", "
                + Human.plural(s.directories(), "directory", "directories") + ")");
        row(out, "file bytes", Human.bytes(s.fileBytes()));
        row(out, "chunks", Human.count(s.chunks()) + ", " + Human.bytes(s.storedBytes()) + " stored");
    }

    /** The parity line: where the parity is and, once unlocked, its level. */
    static String describe(ParityLayout par) {
        String where = switch (par.placement()) {
            case "both" -> "embedded and detached (VAULT.aerocorrect)";
            case "detached" -> "detached (VAULT.aerocorrect)";
            default -> par.placement();
        };
        return par.pct() == null ? where : where + ", " + par.pct() + "% (K=" + par.grid().k() + ", P=" + par.grid().p() + ")";
    }

    private ParityLayout parity(VaultProbe p, Unlocked u) {
        return u == null ? p.parityLayout(vault.local()) : u.parity();
    }

    private static void row(PrintStream out, String label, String value) {
        out.println(String.format(Locale.ROOT, "%-15s %s", label.isEmpty() ? "" : label + ":", value));
    }
}

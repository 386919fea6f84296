package org.vaultfs.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.vaultfs.container.ScrubReport;
import org.vaultfs.Vault;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.remote.S3Source;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Read-only damage check against the vault's authenticated hashes and its parity. Exit
 * codes: 0 clean, 12 damaged but repairable ({@code vault repair}), 13 damaged beyond the
 * parity. The password is needed: the block hashes live in the encrypted manifest.
 */
@Command(name = "scrub", description = {"Check every block, the header, the manifest and the parity for damage (read-only).",
    "Exit 0 clean, 12 damaged but repairable with 'vault repair', 13 damaged beyond repair."})
final class ScrubCommand extends VaultCommand {
    static final int REPAIRABLE = ExitCodes.REPAIRABLE;
    static final int UNREPAIRABLE = ExitCodes.UNREPAIRABLE;

    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (read in place; a remote vault is scrubbed, never repaired).")
    VaultLocation vault;

    @Mixin
    S3EndpointOptions s3;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    PasswordOptions password;

    static int exitCode(ScrubReport.State s) {
        return switch (s) {
            case CLEAN -> 0;
            case REPAIRABLE -> REPAIRABLE;
            case UNREPAIRABLE -> UNREPAIRABLE;
        };
    }

    @Override
    public Integer call() {
        ScrubReport r;
        int threads = Runtime.getRuntime().availableProcessors();
        // A remote vault is reached (it exists, the credentials work) before the prompt.
        try (S3Source remote = vault.isRemote() ? s3.open(vault.remote(), env()) : null) {
            byte[] pw = Passwords.current(env(), password);
            try {
                r = remote != null ? Vault.scrub(remote, pw, env().kdf(), threads)
                        : Vault.scrub(vault.local(), pw, env().kdf(), threads);
            } finally {
                Wipe.zero(pw);
            }
        }
        if (json) {
            Json.write(env().out(), g -> writeJson(g, r));
        } else {
            print(this, r, "scrub");
        }
        return exitCode(r.state());
    }

    static void print(VaultCommand c, ScrubReport r, String verb) {
        for (String p : r.problems()) {
            c.env().err().println("vault: " + p);
        }
        for (String d : r.damagedChunks()) {
            c.env().err().println("vault: damaged " + d);
        }
        String state = switch (r.state()) {
            case CLEAN -> "clean";
            case REPAIRABLE -> "damaged, repairable (run: vault repair)";
            case UNREPAIRABLE -> "damaged beyond the parity";
        };
        c.summary(() -> verb + ": " + Human.plural(r.chunks(), "block", "blocks") + ", parity " + r.paritySource() + ": " + state);
    }

    static void writeJson(JsonGenerator g, ScrubReport r) throws IOException {
        g.writeStartObject();
        g.writeStringField("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
        g.writeNumberField("blocks", r.chunks());
        g.writeArrayFieldStart("damaged_blocks");
        for (String d : r.damagedChunks()) {
            g.writeString(d);
        }
        g.writeEndArray();
        g.writeBooleanField("header_damaged", r.headerDamaged());
        g.writeBooleanField("manifest_damaged", r.manifestDamaged());
        g.writeBooleanField("extension_directory_damaged", r.extensionDirectoryDamaged());
        g.writeBooleanField("parity_damaged", r.parityDamaged());
        g.writeBooleanField("sidecar_stale", r.sidecarStale());
        g.writeStringField("parity_source", r.paritySource());
        g.writeNumberField("damaged_data_shards", r.data().damagedData());
        g.writeNumberField("damaged_parity_shards", r.data().damagedParity());
        g.writeNumberField("unrecoverable_groups", r.data().unrecoverableGroups());
        g.writeArrayFieldStart("problems");
        for (String p : r.problems()) {
            g.writeString(p);
        }
        g.writeEndArray();
        g.writeBooleanField("repaired", r.repaired());
        g.writeEndObject();
    }
}

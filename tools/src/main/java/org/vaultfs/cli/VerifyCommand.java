package org.vaultfs.cli;

import org.vaultfs.Vault;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VerifyReport;
import org.vaultfs.error.Failure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Authenticates every block (opening the vault already checked the header MAC and the
 * manifest); exits 5 naming each damaged file.
 */
@Command(name = "verify", description = "Decrypt and authenticate every block; name each damaged file.")
final class VerifyCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (read in place with ranged requests).")
    VaultLocation vault;

    @Mixin
    S3EndpointOptions s3;

    @Option(names = "--json", description = "Print one JSON object (README: JSON output) instead of the lines.")
    boolean json;

    @Mixin
    PasswordOptions password;

    /** Verify reads every block but not the metadata extension, so its open does not read that ahead. */
    @Override
    boolean readsMetadata() {
        return false;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        VerifyReport report;
        long files;
        boolean parity;
        String stale;
        try (Vault v = openVault(vault, password, s3);
             ProgressBar bar = new ProgressBar(env(), "verifying", plaintextBytes(v))) {
            report = v.verify(bar::advance);
            // Only the summary and the JSON tell the count: a quiet run skips the pass over every entry.
            files = json || !env().quiet() ? fileCount(v) : 0;
            stale = v.staleSidecar().orElse(null);
            if (stale != null && !json) {
                env().err().println("vault: warning: " + Human.path(stale));
            }
            parity = v.hasParity();
        }
        if (json) {
            boolean hasParity = parity;
            long fileCount = files;
            String staleSidecar = stale;
            Json.write(env().out(), g -> {
                g.writeStartObject();
                g.writeBooleanField("clean", report.clean());
                g.writeNumberField("blocks_checked", report.blocksChecked());
                g.writeNumberField("bytes_checked", report.bytesChecked());
                g.writeNumberField("files", fileCount);
                g.writeArrayFieldStart("damaged_blocks");
                for (VerifyReport.Damage d : report.damaged()) {
                    g.writeStartObject();
                    g.writeNumberField("block_index", d.blockIndex());
                    g.writeStringField("chunk_id", d.chunkId());
                    g.writeStringField("reason", d.reason());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("damaged_files");
                for (String f : report.damagedFiles()) {
                    g.writeString(f);
                }
                g.writeEndArray();
                g.writeBooleanField("parity_available", hasParity);
                g.writeStringField("stale_sidecar", staleSidecar);
                g.writeEndObject();
            });
            return report.clean() ? 0 : Failure.BLOCK_AUTH.exitCode();
        }
        for (VerifyReport.Damage d : report.damaged()) {
            env().err().println("vault: damaged block " + d.blockIndex() + ": " + Human.path(d.reason()));
        }
        for (String f : report.damagedFiles()) {
            env().err().println("vault: damaged file: " + Human.path(f));
        }
        if (report.clean()) {
            long nanos = System.nanoTime() - start;
            summary(() -> "verified " + Human.plural(report.blocksChecked(), "block", "blocks") + ", "
                    + Human.plural(files, "file", "files") + ", " + Human.bytes(report.bytesChecked()) + ": all intact ("
                    + Human.rate(report.bytesChecked(), nanos) + ")");
            return 0;
        }
        summary("verify FAILED: " + report.damaged().size() + " of " + Human.plural(report.blocksChecked(), "block", "blocks")
                + " damaged, " + Human.plural(report.damagedFiles().size(), "file", "files") + " affected"
                + (parity ? "; the vault has parity: 'vault scrub' says what it can rebuild, 'vault repair' rebuilds it"
                        : "; no parity to repair from: 'vault extract --salvage' extracts every intact file"));
        return Failure.BLOCK_AUTH.exitCode();
    }

    private static long plaintextBytes(Vault v) {
        long n = 0;
        for (ChunkRecord c : v.chunkRecords()) {
            n += c.plaintextLen();
        }
        return n;
    }

    private static long fileCount(Vault v) {
        long n = 0;
        for (Entry e : v.entries()) {
            if (!e.isDir()) {
                n++;
            }
        }
        return n;
    }
}

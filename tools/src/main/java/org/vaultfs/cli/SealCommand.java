package org.vaultfs.cli;

import org.vaultfs.Vault;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.SourceFilter;
import org.vaultfs.container.EditStats;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.remote.S3Connection;
import org.vaultfs.remote.S3MultipartStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates a new vault from a directory; the directory's contents become the vault root (like mksquashfs). */
@Command(name = "seal", description = "Create a new vault from DIR's contents.")
final class SealCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", converter = VaultLocation.Converter.class,
            description = "The vault to create (must not exist): a file, or s3://BUCKET/KEY, streamed to the store as it is"
                    + " sealed (no local copy; the object appears only once complete).")
    VaultLocation target;

    @Mixin
    S3EndpointOptions s3;

    private Path output;

    @Mixin
    OutputFormatOptions out;

    @Mixin
    SelectionOptions selection;

    @Mixin
    MetadataOptions meta;

    @Mixin
    IngestOutputOptions show;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        boolean v2 = out.aerovault2();
        if (!Files.isDirectory(dir)) {
            throw new VaultException(Failure.NOT_FOUND, "not a directory: " + dir);
        }
        if (target.isRemote()) {
            return sealToStore(v2);
        }
        output = target.local();
        // Fail before the password prompt, not after it.
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + output);
        }
        SourceFilter filter = selection.filter();
        if (v2) {
            return sealV2(filter);
        }
        // Parsed before the prompt, so a mistyped level fails at once.
        EditOptions.Builder settings = out.aerovault3(env().kdf()).sourceFilter(filter).metadata(meta.capture());
        if (show.dryRun) {
            return DryRun.sources(this, "seal", List.of(dir), filter, show.verbose);
        }
        SourceScan scan = SourceScan.forProgress(env(), List.of(dir));
        byte[] pw = Passwords.fresh(env(), password);
        EditStats stats;
        EntryReport report;
        try (ProgressBar bar = new ProgressBar(env(), "sealing", scan.bytes())) {
            report = new EntryReport(bar, show.verbose);
            EditOptions opts = settings.progress(report).build();
            try (VaultEditor ed = Vault.create(output, pw, opts)) {
                Wipe.zero(pw);
                reportLeftovers(ed);
                ed.addTree(dir, "");
                stats = ed.commit();
            }
        } finally {
            Wipe.zero(pw);
        }
        if (show.json) {
            EditSummary.json(env(), "seal", output, stats, report);
        } else {
            summary(() -> EditSummary.line("sealed", stats, report));
        }
        return report.exitCode();
    }

    /** {@code -o s3://...}: sealed straight into a multipart upload, completed only when the vault is. */
    private int sealToStore(boolean v2) {
        if (v2) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--format v2 cannot be streamed to a store: seal it locally and 'vault push' it");
        }
        SourceFilter filter = selection.filter();
        EditOptions.Builder settings = out.aerovault3(env().kdf()).sourceFilter(filter).metadata(meta.capture());
        if (show.dryRun) {
            return DryRun.sources(this, "seal", List.of(dir), filter, show.verbose);
        }
        SourceScan scan = SourceScan.forProgress(env(), List.of(dir));
        EditStats stats;
        EntryReport report;
        try (S3Connection c = S3Connection.open(s3.settings(env()));
             S3MultipartStream upload = S3MultipartStream.create(c, target.remote())) {
            byte[] pw = Passwords.fresh(env(), password);
            try (ProgressBar bar = new ProgressBar(env(), "sealing", scan.bytes())) {
                report = new EntryReport(bar, show.verbose);
                try (VaultEditor ed = Vault.create(upload, pw, settings.progress(report).build())) {
                    Wipe.zero(pw);
                    ed.addTree(dir, "");
                    stats = ed.commit();
                }
            } finally {
                Wipe.zero(pw);
            }
        }
        if (show.json) {
            EditSummary.json(env(), "seal", target.toString(), stats, report);
        } else {
            summary(() -> EditSummary.line("sealed", stats, report) + " into " + target);
        }
        return report.exitCode();
    }

    /** --format v2: the legacy container, which has no compression levels and no place for parity. */
    private int sealV2(SourceFilter filter) {
        int chunk = out.chunkSize();
        boolean cascade = out.cascade;
        if (show.dryRun) {
            return DryRun.sources(this, "seal", List.of(dir), filter, show.verbose);
        }
        SourceScan scan = SourceScan.forProgress(env(), List.of(dir));
        byte[] pw = Passwords.fresh(env(), password);
        EditStats stats;
        EntryReport report;
        try (ProgressBar bar = new ProgressBar(env(), "sealing", scan.bytes())) {
            report = new EntryReport(bar, show.verbose);
            EditOptions opts = EditOptions.builder().kdf(env().kdf()).sourceFilter(filter).progress(report).build();
            stats = Vault.sealAerovault2(dir, output, pw, cascade, chunk, opts);
        } finally {
            Wipe.zero(pw);
        }
        summary(() -> "sealed " + Human.plural(stats.filesAdded(), "file", "files") + ", " + Human.bytes(stats.bytesIn()) + " into an AEROVAULT2 vault ("
                + (cascade ? "cascade, " : "") + Human.bytes(chunk) + " chunks), " + Human.rate(stats.bytesIn(), stats.nanos()));
        return report.exitCode();
    }
}

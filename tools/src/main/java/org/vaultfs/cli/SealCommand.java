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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Creates a new vault from a directory; the directory's contents become the vault root (like mksquashfs). */
@Command(name = "seal", description = "Create a new vault from DIR's contents.")
final class SealCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The vault to create (must not exist).")
    Path output;

    @Option(names = "--profile", paramLabel = "NAME", description = "fast (zstd 3), balanced (9, default) or archive (19, wider chunks).")
    Profile profile = Profile.balanced;

    @Option(names = "--level", paramLabel = "N", description = "zstd level 1..22 (overrides --profile).")
    Integer level;

    @Option(names = "--ec", paramLabel = "LEVEL",
            description = "Reed-Solomon error correction (v4): none (default), low, medium, quartile, high or 5-50 (percent overhead).")
    String ec;

    @Option(names = "--ec-placement", paramLabel = "WHERE", defaultValue = "embedded",
            description = "embedded (default), detached (VAULT.aerocorrect) or both; needs --ec.")
    String ecPlacement;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "v3",
            description = "v3 (AEROVAULT3, default) or v2 (the legacy AEROVAULT2 the reference CLI writes by default).")
    String format;

    @Option(names = "--cascade", description = "With --format v2: wrap every chunk again in ChaCha20-Poly1305.")
    boolean cascade;

    @Option(names = "--chunk-size", paramLabel = "BYTES",
            description = "With --format v2: plaintext chunk size, 4096 to 16777216 (default 65536).")
    Integer chunkSize;

    @Mixin
    SelectionOptions selection;

    @Mixin
    IngestOutputOptions show;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        int lvl = level != null ? level : profile.level;
        if (lvl < 1 || lvl > 22) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--level must be between 1 and 22, got " + lvl);
        }
        if (!Files.isDirectory(dir)) {
            throw new VaultException(Failure.NOT_FOUND, "not a directory: " + dir);
        }
        // Fail before the password prompt, not after it.
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + output);
        }
        SourceFilter filter = selection.filter();
        if (!format.equals("v3") && !format.equals("v2")) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "unknown --format '" + format + "' (expected v3 or v2)");
        }
        if (format.equals("v3") && (cascade || chunkSize != null)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--cascade and --chunk-size apply to --format v2 only");
        }
        if (format.equals("v2")) {
            return sealV2(filter);
        }
        // Parsed before the prompt, so a mistyped level fails at once.
        EditOptions.Builder settings = EditOptions.builder().level(lvl).kdf(env().kdf()).sourceFilter(filter)
                .errorCorrection(ec == null ? "none" : ec, ecPlacement);
        if (show.dryRun) {
            return DryRun.sources(this, "seal", List.of(dir), filter, show.verbose);
        }
        SourceScan scan = SourceScan.of(List.of(dir));
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
            summary(EditSummary.line("sealed", stats, report));
        }
        return report.exitCode();
    }

    /** --format v2: the legacy container, which has no compression levels and no place for parity. */
    private int sealV2(SourceFilter filter) {
        if (ec != null || level != null || profile != Profile.balanced) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--ec, --level and --profile do not apply to --format v2"
                    + " (AEROVAULT2 stores chunks uncompressed and has no place for parity)");
        }
        int chunk = chunkSize == null ? 65536 : chunkSize;
        if (chunk < 4096 || chunk > 16 << 20) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--chunk-size must be between 4096 and 16777216, got " + chunk);
        }
        if (show.dryRun) {
            return DryRun.sources(this, "seal", List.of(dir), filter, show.verbose);
        }
        SourceScan scan = SourceScan.of(List.of(dir));
        byte[] pw = Passwords.fresh(env(), password);
        org.vaultfs.legacy.V2Writer.Stats stats;
        EntryReport report;
        try (ProgressBar bar = new ProgressBar(env(), "sealing", scan.bytes())) {
            report = new EntryReport(bar, show.verbose);
            EditOptions opts = EditOptions.builder().kdf(env().kdf()).sourceFilter(filter).progress(report).build();
            stats = Vault.sealAerovault2(dir, output, pw, cascade, chunk, opts);
        } finally {
            Wipe.zero(pw);
        }
        summary("sealed " + Human.plural(stats.files(), "file", "files") + ", " + Human.bytes(stats.bytes()) + " into an AEROVAULT2 vault ("
                + (cascade ? "cascade, " : "") + Human.bytes(chunk) + " chunks), " + Human.rate(stats.bytes(), stats.nanos()));
        return report.exitCode();
    }
}

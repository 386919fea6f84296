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
}

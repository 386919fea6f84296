package org.vaultfs.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.vaultfs.Vault;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EditStats;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Rewrites a vault of either lineage as a new AEROVAULT3 vault: an AEROVAULT2 vault moves to
 * the current container, an AEROVAULT3 one is re-packed into another profile or gains parity.
 * The input is never changed; the output appears only when complete.
 */
@Command(name = "convert", description = "Rewrite a vault (AEROVAULT2 or AEROVAULT3) as a new AEROVAULT3 vault.")
final class ConvertCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "IN")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The vault to create (must not exist).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "v3",
            description = "v3 (AEROVAULT3, default); v2 (AEROVAULT2) is not written by this version.")
    String format;

    @Option(names = "--profile", paramLabel = "NAME", description = "fast (zstd 3), balanced (9, default) or archive (19, wider chunks).")
    Profile profile = Profile.balanced;

    @Option(names = "--level", paramLabel = "N", description = "zstd level 1..22 (overrides --profile).")
    Integer level;

    @Option(names = "--ec", paramLabel = "LEVEL",
            description = "Reed-Solomon error correction (v4): none (default), low, medium, quartile, high or 5-50 (percent overhead).")
    String ec;

    @Option(names = "--ec-placement", paramLabel = "WHERE", defaultValue = "embedded",
            description = "embedded (default), detached (OUT.aerocorrect) or both; needs --ec.")
    String ecPlacement;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        if (!format.equals("v3")) {
            throw new VaultException(format.equals("v2") ? Failure.UNSUPPORTED_VERSION : Failure.INVALID_ARGUMENT,
                    format.equals("v2") ? "writing AEROVAULT2 (--format v2) is not supported by this version"
                            : "unknown --format '" + format + "' (expected v3)");
        }
        int lvl = level != null ? level : profile.level;
        if (lvl < 1 || lvl > 22) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--level must be between 1 and 22, got " + lvl);
        }
        // Everything that can fail without the password fails before the prompt.
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + output);
        }
        EditOptions.Builder settings = EditOptions.builder().level(lvl).kdf(env().kdf())
                .errorCorrection(ec == null ? "none" : ec, ecPlacement);
        Vault.probe(input);
        byte[] pw = Passwords.current(env(), password);
        EditStats stats;
        try (Vault in = Vault.open(input, pw, env().openOptions("vault"));
             ProgressBar bar = new ProgressBar(env(), "converting", totalBytes(in))) {
            stats = in.convertTo(output, pw, settings.progress(bar::advance).build());
        } finally {
            Wipe.zero(pw);
        }
        summary(EditSummary.line("converted", stats, 0) + " into " + Human.path(output.toString()));
        return 0;
    }

    private static long totalBytes(Vault v) {
        long n = 0;
        for (org.vaultfs.container.Entry e : v.entries()) {
            n += e.isDir() ? 0 : e.size();
        }
        return n;
    }
}

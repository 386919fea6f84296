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
            description = "v3 (AEROVAULT3, default) or v2 (the legacy AEROVAULT2; uncompressed, no parity).")
    String format;

    @Option(names = "--cascade", description = "With --format v2: wrap every chunk again in ChaCha20-Poly1305.")
    boolean cascade;

    @Option(names = "--chunk-size", paramLabel = "BYTES",
            description = "With --format v2: plaintext chunk size, 4096 to 16777216 (default 65536).")
    Integer chunkSize;

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
        if (!format.equals("v3") && !format.equals("v2")) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "unknown --format '" + format + "' (expected v3 or v2)");
        }
        boolean v2 = format.equals("v2");
        if (!v2 && (cascade || chunkSize != null)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--cascade and --chunk-size apply to --format v2 only");
        }
        if (v2 && (ec != null || level != null || profile != Profile.balanced)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--ec, --level and --profile do not apply to --format v2"
                    + " (AEROVAULT2 stores chunks uncompressed and has no place for parity)");
        }
        int chunk = chunkSize == null ? 65536 : chunkSize;
        if (v2 && (chunk < 4096 || chunk > 16 << 20)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--chunk-size must be between 4096 and 16777216, got " + chunk);
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
        try (Vault in = Vault.open(input, pw, env().openOptions("vault"));
             ProgressBar bar = new ProgressBar(env(), "converting", totalBytes(in))) {
            EditOptions opts = settings.progress(bar::advance).build();
            if (v2) {
                org.vaultfs.legacy.V2Writer.Stats s = in.convertToAerovault2(output, pw, cascade, chunk, opts);
                summary("converted " + Human.plural(s.files(), "file", "files") + ", " + Human.bytes(s.bytes())
                        + " into the AEROVAULT2 vault " + Human.path(output.toString()));
            } else {
                EditStats stats = in.convertTo(output, pw, opts);
                summary(EditSummary.line("converted", stats, 0) + " into " + Human.path(output.toString()));
            }
        } finally {
            Wipe.zero(pw);
        }
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

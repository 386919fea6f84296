package org.vaultfs.cli;

import org.vaultfs.container.EditOptions;
import org.vaultfs.container.PasswordKdf;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Option;

/**
 * How a new vault is written, shared by {@code seal} and {@code convert}: AEROVAULT3 with a
 * compression profile or level and optional parity, or AEROVAULT2 with the cascade and a chunk
 * size. Checked before any password is asked for.
 */
final class OutputFormatOptions {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "v3",
            description = "v3 (AEROVAULT3, default) or v2 (the legacy AEROVAULT2 the reference CLI writes by default;"
                    + " uncompressed, no parity).")
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

    @Option(names = "--cascade", description = "With --format v2: wrap every chunk again in ChaCha20-Poly1305.")
    boolean cascade;

    @Option(names = "--chunk-size", paramLabel = "BYTES",
            description = "With --format v2: plaintext chunk size, 4096 to 16777216 (default 65536).")
    Integer chunkSize;

    /** Whether the output is AEROVAULT2; refuses options of the other format and unknown formats. */
    boolean aerovault2() {
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
        if (v2 && (chunkSize() < 4096 || chunkSize() > 16 << 20)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--chunk-size must be between 4096 and 16777216, got " + chunkSize());
        }
        return v2;
    }

    int chunkSize() {
        return chunkSize == null ? 65536 : chunkSize;
    }

    /** AEROVAULT3 settings: level, KDF and parity, parsed now so a mistyped value fails before the prompt. */
    EditOptions.Builder aerovault3(PasswordKdf kdf) {
        int lvl = level != null ? level : profile.level;
        if (lvl < 1 || lvl > 22) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--level must be between 1 and 22, got " + lvl);
        }
        return EditOptions.builder().level(lvl).kdf(kdf).errorCorrection(ec == null ? "none" : ec, ecPlacement);
    }
}

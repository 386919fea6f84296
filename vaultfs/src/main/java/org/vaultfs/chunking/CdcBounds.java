package org.vaultfs.chunking;

import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Chunk size limits for gear CDC. Construction validates, so a {@code CdcBounds} instance
 * is always usable; bounds read from a manifest go through {@link #of(long, long, long)}.
 */
public record CdcBounds(int min, int avg, int max) {
    public static final int MIN_MIN = 4096;
    public static final int MAX_MAX = 256 * 1024 * 1024;

    /** The fast and balanced profiles, and the fallback when a manifest records no bounds. */
    public static final CdcBounds DEFAULT = new CdcBounds(256 * 1024, 1024 * 1024, 4 * 1024 * 1024);
    /** zstd level 19 and above: larger chunks give zstd a wider window. */
    public static final CdcBounds ARCHIVE = new CdcBounds(1024 * 1024, 4 * 1024 * 1024, 16 * 1024 * 1024);

    public CdcBounds {
        if (!valid(min, avg, max)) {
            throw invalid(min, avg, max);
        }
    }

    /** Validates untrusted (e.g. manifest) values before they can narrow to int. */
    public static CdcBounds of(long min, long avg, long max) {
        if (min < 0 || avg < 0 || max < 0 || min > MAX_MAX || avg > MAX_MAX || max > MAX_MAX) {
            throw invalid(min, avg, max);
        }
        return new CdcBounds((int) min, (int) avg, (int) max);
    }

    /** The reference chooses bounds from the zstd level alone. */
    public static CdcBounds forLevel(int zstdLevel) {
        return zstdLevel >= 19 ? ARCHIVE : DEFAULT;
    }

    private static boolean valid(int min, int avg, int max) {
        return min >= MIN_MIN && min <= avg && avg <= max && max <= MAX_MAX && Integer.bitCount(avg) == 1;
    }

    private static VaultException invalid(long min, long avg, long max) {
        return new VaultException(Failure.MALFORMED,
                "invalid CDC bounds: min=" + min + " avg=" + avg + " max=" + max
                        + " (need 4096 <= min <= avg <= max <= 268435456, avg a power of two)");
    }
}

package org.vaultfs.compression;

/**
 * Decides, from a cheap level-3 pass over the chunk's first 64 KiB, whether the full pass is
 * worth running. Matches the reference's INCOMPRESSIBLE_PROBE_* constants: incompressible
 * when the sample shrinks by less than 3 %.
 */
public final class IncompressibilityProbe {
    public static final int SAMPLE = 64 * 1024;
    public static final int LEVEL = 3;
    public static final int RATIO_PCT = 97;

    private IncompressibilityProbe() {
    }

    public static boolean isIncompressible(byte[] chunk, int off, int len) {
        if (len == 0) {
            return false;
        }
        int sample = Math.min(SAMPLE, len);
        return ZstdStreamEncoder.get().encode(chunk, off, sample, LEVEL, threshold(sample)) == null;
    }

    /**
     * Smallest probe output that means incompressible: {@code out * 100 >= sample * 97} is
     * {@code out >= ceil(sample * 97 / 100)}. Once output reaches it the answer is settled,
     * so compression stops there.
     */
    static long threshold(int sample) {
        return ((long) sample * RATIO_PCT + 99) / 100;
    }
}

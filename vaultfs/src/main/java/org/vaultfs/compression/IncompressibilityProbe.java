package org.vaultfs.compression;

/**
 * Decides, from a cheap level-3 pass over a sample of the chunk, whether the full pass is
 * worth running. Matches the reference's INCOMPRESSIBLE_PROBE_* constants and its
 * {@code representative_probe_sample} (0.6.3): the whole chunk up to 1 MiB, else 16 windows of
 * 64 KiB spread evenly from its first byte to its last, so a chunk whose head is noise but
 * whose body compresses is still compressed. Incompressible when the sample shrinks by less
 * than 3 %.
 */
public final class IncompressibilityProbe {
    public static final int WINDOW = 64 * 1024;
    public static final int MAX_SAMPLE = 1024 * 1024;
    public static final int LEVEL = 3;
    public static final int RATIO_PCT = 97;

    private IncompressibilityProbe() {
    }

    public static boolean isIncompressible(byte[] chunk, int off, int len) {
        if (len == 0) {
            return false;
        }
        int[] starts = windowStarts(off, len);
        int window = len <= MAX_SAMPLE ? len : WINDOW;
        long sample = (long) window * starts.length;
        return ZstdStreamEncoder.get().reaches(chunk, starts, window, LEVEL, threshold(sample));
    }

    /** Where each sampled window starts (SPEC 10.2); one window, the whole chunk, up to 1 MiB. */
    static int[] windowStarts(int off, int len) {
        if (len <= MAX_SAMPLE) {
            return new int[] {off};
        }
        int count = MAX_SAMPLE / WINDOW;
        long maxStart = len - WINDOW;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = off + (int) (i * maxStart / (count - 1));
        }
        return starts;
    }

    /**
     * Smallest probe output that means incompressible: {@code out * 100 >= sample * 97} is
     * {@code out >= ceil(sample * 97 / 100)}. Once output reaches it the answer is settled,
     * so compression stops there.
     */
    static long threshold(long sample) {
        return (sample * RATIO_PCT + 99) / 100;
    }
}

package org.vaultfs.chunking;

import java.util.Objects;

/**
 * The gear rolling hash with its state carried across calls, so a chunk can be scanned in
 * pieces as it arrives. Not thread-safe: one per chunk stream.
 */
public final class GearScanner {
    private static final boolean NATIVE = NativeGear.available();

    private final int min;
    private final int max;
    private final long mask;
    private long hash;
    private int length;
    private final long[] state = new long[1]; // the hash handed to and back from the C fold

    public GearScanner(CdcBounds bounds) {
        this.min = bounds.min();
        this.max = bounds.max();
        this.mask = bounds.avg() - 1L;
    }

    /** Bytes of the current chunk folded so far. */
    public int pending() {
        return length;
    }

    /** Forgets the current chunk, as after a cut. */
    public void reset() {
        hash = 0;
        length = 0;
    }

    /**
     * Folds {@code data[from, to)}, the next bytes of the current chunk, stopping at the
     * first cut. Returns the exclusive end index of the chunk in {@code data} and resets
     * for the next chunk, or -1 when all bytes were folded without a cut.
     */
    public int scan(byte[] data, int from, int to) {
        return scan(data, from, to, NATIVE);
    }

    /** As {@link #scan(byte[], int, int)}, folding in C or in Java as asked (tests compare the two). */
    int scan(byte[] data, int from, int to, boolean inC) {
        int chunkStart = from - length;
        // The hash has no window: every byte affects it, so bytes below min are folded,
        // only the cut test is skipped for them.
        int untestedEnd = clamp(to, (long) chunkStart + min - 1);
        long forcedEnd = (long) chunkStart + max;
        int testedEnd = clamp(to, forcedEnd);
        int cut = inC ? foldInC(data, from, to, untestedEnd, testedEnd) : fold(data, from, untestedEnd, testedEnd);
        if (cut >= 0) {
            reset();
            return cut;
        }
        if (testedEnd == forcedEnd) {
            reset();
            return testedEnd;
        }
        length = testedEnd - chunkStart;
        return -1;
    }

    /**
     * Folds {@code data[from, untested)} into the hash, then {@code data[untested, tested)}
     * testing each hash for a cut: the index past the cut, or -1 with the hash kept.
     */
    private int fold(byte[] data, int from, int untested, int tested) {
        final long[] t = GearTable.TABLE;
        long h = hash;
        int i = from;
        for (; i < untested; i++) {
            h = Long.rotateLeft(h, 1) + t[data[i] & 0xff];
        }
        final long m = mask;
        for (; i < tested; i++) {
            h = Long.rotateLeft(h, 1) + t[data[i] & 0xff];
            if ((h & m) == 0) {
                return i + 1;
            }
        }
        hash = h;
        return -1;
    }

    /** The same fold in C ({@link NativeGear}): C2's speed where the JIT stops at C1. */
    private int foldInC(byte[] data, int from, int to, int untested, int tested) {
        Objects.checkFromToIndex(from, to, data.length); // the C code trusts its bounds
        state[0] = hash;
        int cut = NativeGear.scan0(data, from, untested, tested, mask, state);
        hash = state[0];
        return cut;
    }

    private static int clamp(int to, long limit) {
        return limit < to ? (int) limit : to;
    }
}

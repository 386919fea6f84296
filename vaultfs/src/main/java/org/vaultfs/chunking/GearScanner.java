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
        return NATIVE ? scanNative(data, from, to) : scanJava(data, from, to);
    }

    /** The fold in Java. */
    int scanJava(byte[] data, int from, int to) {
        final long[] t = GearTable.TABLE;
        long h = hash;
        int chunkStart = from - length;
        int i = from;
        // The hash has no window: every byte affects it, so bytes below min are folded,
        // only the cut test is skipped for them.
        int untestedEnd = clamp(to, (long) chunkStart + min - 1);
        for (; i < untestedEnd; i++) {
            h = Long.rotateLeft(h, 1) + t[data[i] & 0xff];
        }
        long forcedEnd = (long) chunkStart + max;
        int testedEnd = clamp(to, forcedEnd);
        final long m = mask;
        for (; i < testedEnd; i++) {
            h = Long.rotateLeft(h, 1) + t[data[i] & 0xff];
            if ((h & m) == 0) {
                reset();
                return i + 1;
            }
        }
        if (i == forcedEnd) {
            reset();
            return i;
        }
        hash = h;
        length = i - chunkStart;
        return -1;
    }

    /** The same fold in C ({@link NativeGear}): C2's speed where the JIT stops at C1. */
    int scanNative(byte[] data, int from, int to) {
        Objects.checkFromToIndex(from, to, data.length);
        int chunkStart = from - length;
        int untestedEnd = Math.max(from, clamp(to, (long) chunkStart + min - 1));
        long forcedEnd = (long) chunkStart + max;
        int testedEnd = clamp(to, forcedEnd);
        state[0] = hash;
        int cut = NativeGear.scan0(data, from, untestedEnd, testedEnd, mask, state);
        if (cut >= 0) {
            reset();
            return cut;
        }
        if (testedEnd == forcedEnd) {
            reset();
            return testedEnd;
        }
        hash = state[0];
        length = testedEnd - chunkStart;
        return -1;
    }

    private static int clamp(int to, long limit) {
        return limit < to ? (int) limit : to;
    }
}

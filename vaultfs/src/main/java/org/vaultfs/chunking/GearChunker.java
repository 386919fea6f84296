package org.vaultfs.chunking;

import java.util.Arrays;

/** Gear CDC over a buffer held whole in memory. */
public final class GearChunker {
    private GearChunker() {
    }

    /**
     * Chunk boundaries of {@code data[off, off+len)}: the exclusive end of each chunk,
     * relative to {@code off}, ascending; the last entry is {@code len}. Empty input has no
     * chunks.
     */
    public static int[] cutPoints(byte[] data, int off, int len, CdcBounds bounds) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        GearScanner scanner = new GearScanner(bounds);
        int[] cuts = new int[Math.max(4, len / bounds.avg() + 2)];
        int count = 0;
        int end = off + len;
        int pos = off;
        while (pos < end) {
            int cut = scanner.scan(data, pos, end);
            if (cut < 0) {
                cut = end;
            }
            if (count == cuts.length) {
                cuts = Arrays.copyOf(cuts, count * 2);
            }
            cuts[count++] = cut - off;
            pos = cut;
        }
        return Arrays.copyOf(cuts, count);
    }

    public static int[] cutPoints(byte[] data, CdcBounds bounds) {
        return cutPoints(data, 0, data.length, bounds);
    }
}

package org.vaultfs.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The C scan and the Java scan against the naive oracle, fed in pieces of every size. */
class GearScannerTest {
    private static final CdcBounds SMALL = new CdcBounds(4096, 8192, 16384);

    /** Cut points of {@code data} scanned in random pieces, folded in C or in Java. */
    private static List<Integer> cuts(byte[] data, long seed, boolean inC) {
        GearScanner s = new GearScanner(SMALL);
        Random r = new Random(seed);
        List<Integer> cuts = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int to = Math.min(data.length, pos + 1 + r.nextInt(r.nextBoolean() ? 8 : 30_000));
            int end = s.scan(data, pos, to, inC);
            if (end < 0) {
                pos = to;
            } else {
                cuts.add(end);
                pos = end;
            }
        }
        if (s.pending() > 0) {
            cuts.add(data.length);
        }
        return cuts;
    }

    private static byte[] input(long seed, int len, boolean lowEntropy) {
        byte[] b = new byte[len];
        Random r = new Random(seed);
        r.nextBytes(b);
        if (lowEntropy) {
            for (int i = 0; i < len; i++) {
                b[i] = (byte) (b[i] & 3); // long runs of few values: cuts at min and max both
            }
        }
        return b;
    }

    @Test
    void javaScanMatchesTheOracleInAnyPieces() {
        for (int t = 0; t < 20; t++) {
            byte[] data = input(t, 100_000 + t * 9_973, t % 3 == 0);
            assertEquals(GearOracle.cutPoints(data, SMALL.min(), SMALL.avg(), SMALL.max()),
                    cuts(data, t, false), "input " + t);
        }
    }

    @Test
    void nativeScanMatchesTheOracleAndTheJavaScanInAnyPieces() {
        assumeTrue(NativeGear.available(), "vaultfs' C library is not loaded here");
        for (int t = 0; t < 50; t++) {
            byte[] data = input(100 + t, 100_000 + t * 12_301, t % 4 == 0);
            List<Integer> expected = GearOracle.cutPoints(data, SMALL.min(), SMALL.avg(), SMALL.max());
            assertEquals(expected, cuts(data, t, true), "input " + t);
            assertEquals(expected, cuts(data, t + 1_000, true), "input " + t + ", other pieces");
        }
        // Pieces that straddle the minimum, the maximum and a cut: the carried hash must be the same.
        byte[] data = input(7, 200_000, false);
        GearScanner java = new GearScanner(SMALL);
        GearScanner c = new GearScanner(SMALL);
        for (int pos = 0, step = 1; pos < data.length; step = step * 3 % 40_961 + 1) {
            int to = Math.min(data.length, pos + step);
            int a = java.scan(data, pos, to, false);
            assertEquals(a, c.scan(data, pos, to, true), "piece at " + pos);
            assertEquals(java.pending(), c.pending());
            pos = a < 0 ? to : a;
        }
        assertEquals(-1, new GearScanner(SMALL).scan(new byte[16], 3, 3, true));
    }

    @Test
    void nativeScanRefusesRangesOutsideTheArray() {
        assumeTrue(NativeGear.available(), "vaultfs' C library is not loaded here");
        GearScanner s = new GearScanner(SMALL);
        byte[] data = new byte[100];
        assertThrows(IndexOutOfBoundsException.class, () -> s.scan(data, -1, 10, true));
        assertThrows(IndexOutOfBoundsException.class, () -> s.scan(data, 10, 101, true));
        assertThrows(IndexOutOfBoundsException.class, () -> s.scan(data, 20, 10, true));
    }
}

package org.vaultfs.chunking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GearChunkerTest {
    static final long SEED = 0x9e3779b97f4a7c15L;
    static final CdcBounds SMALL = new CdcBounds(4096, 8192, 65536);
    static final CdcBounds FIXED = new CdcBounds(4096, 4096, 4096);

    @Test
    void knownCutPointsDefaultBounds() {
        byte[] data = GearOracle.xorshift(8 * 1024 * 1024, SEED);
        // From GearOracle (plain per-byte loop over Commons Codec's BLAKE3 table).
        int[] expected = {545522, 1491426, 1762005, 2575340, 3292002, 3702135, 4666479, 5423423,
            6086677, 6559912, 7913217, 8257748, 8388608};
        assertArrayEquals(expected, GearOracle.toArray(GearOracle.cutPoints(data, 262144, 1048576, 4194304)));
        assertArrayEquals(expected, GearChunker.cutPoints(data, CdcBounds.DEFAULT));
    }

    @Test
    void knownCutPointsSmallBounds() {
        byte[] data = GearOracle.xorshift(300_000, SEED);
        int[] expected = {10266, 15793, 23616, 38651, 56909, 62636, 69418, 75351, 83446, 90138, 95620,
            107580, 116495, 136187, 143361, 152773, 163139, 172394, 185174, 193386, 199591, 215201,
            248642, 257051, 266389, 271750, 286236, 300000};
        assertArrayEquals(expected, GearChunker.cutPoints(data, SMALL));
    }

    @Test
    void matchesOracleOnEdgeSizes() {
        for (CdcBounds b : List.of(SMALL, FIXED, CdcBounds.DEFAULT)) {
            for (byte[] data : fixtures(b)) {
                int[] expected = GearOracle.toArray(GearOracle.cutPoints(data, b.min(), b.avg(), b.max()));
                int[] actual = GearChunker.cutPoints(data, b);
                assertArrayEquals(expected, actual, b + " len " + data.length);
                assertChunkSizes(actual, data.length, b);
            }
        }
    }

    @Test
    void hashCutExactlyAtMinAndJustBelowMax() {
        CdcBounds b = new CdcBounds(4096, 4096, 65536);
        byte[] data = craftHashCutAt(b.min(), b, 1);
        assertEquals(b.min(), GearOracle.cutPoints(data, b.min(), b.avg(), b.max()).get(0));
        assertArrayEquals(GearOracle.toArray(GearOracle.cutPoints(data, b.min(), b.avg(), b.max())),
                GearChunker.cutPoints(data, b));

        CdcBounds narrow = new CdcBounds(4096, 4096, 8192);
        byte[] late = craftHashCutAt(narrow.max() - 1, narrow, 2);
        int[] expected = GearOracle.toArray(GearOracle.cutPoints(late, 4096, 4096, 8192));
        assertEquals(narrow.max() - 1, expected[0]);
        assertArrayEquals(expected, GearChunker.cutPoints(late, narrow));
    }

    /**
     * Random bytes whose gear hash, started at 0, has its low log2(avg) bits zero exactly
     * after {@code len} bytes, found by search with the oracle's table.
     */
    static byte[] craftHashCutAt(int len, CdcBounds b, long seed) {
        long[] t = GearOracle.table();
        long mask = b.avg() - 1L;
        for (long s = seed; ; s += 1000) {
            byte[] data = GearOracle.xorshift(len + 20_000, 0x9e3779b97f4a7c15L ^ s);
            long h = 0;
            boolean early = false;
            for (int i = 0; i < len - 1; i++) {
                h = Long.rotateLeft(h, 1) + t[data[i] & 0xff];
                if (i + 1 >= b.min() && (h & mask) == 0) {
                    early = true;
                }
            }
            if (early) {
                continue;
            }
            for (int v = 0; v < 256; v++) {
                if (((Long.rotateLeft(h, 1) + t[v]) & mask) == 0) {
                    data[len - 1] = (byte) v;
                    return data;
                }
            }
        }
    }

    @Test
    void honoursOffsetAndLength() {
        byte[] data = GearOracle.xorshift(200_000, 42);
        byte[] padded = new byte[data.length + 300];
        System.arraycopy(data, 0, padded, 100, data.length);
        assertArrayEquals(GearChunker.cutPoints(data, SMALL), GearChunker.cutPoints(padded, 100, data.length, SMALL));
    }

    @Test
    void emptyInputHasNoChunks() {
        assertEquals(0, GearChunker.cutPoints(new byte[0], CdcBounds.DEFAULT).length);
        assertEquals(0, GearChunker.cutPoints(new byte[10], 5, 0, SMALL).length);
    }

    @Test
    void randomDataWithSmallBoundsCutsOnHashNotOnlyOnMax() {
        byte[] data = GearOracle.xorshift(2_000_000, 7);
        int[] cuts = GearChunker.cutPoints(data, SMALL);
        assertChunkSizes(cuts, data.length, SMALL);
        long hashCuts = Arrays.stream(sizes(cuts)).filter(s -> s < SMALL.max()).count();
        assertTrue(hashCuts > cuts.length / 2, "most cuts should come from the rolling hash");
    }

    static List<byte[]> fixtures(CdcBounds b) {
        int big = b.max() >= 1024 * 1024 ? 9_000_000 : 300_000;
        return List.of(
                new byte[0],
                new byte[1],
                filled(b.min() - 1, 7),
                filled(b.min(), 9),
                filled(b.min() + 1, 9),
                filled(b.max() - 1, 0xAB),
                filled(b.max(), 0xAB),
                filled(b.max() + 1, 0xAB),
                filled(2 * b.max() + 123, 0),
                GearOracle.xorshift(b.min() * 3 + 17, 0x123456789abcdef0L),
                GearOracle.xorshift(big, 0x0f0f0f0f0f0f0f0fL));
    }

    static byte[] filled(int len, int value) {
        byte[] d = new byte[len];
        Arrays.fill(d, (byte) value);
        return d;
    }

    static int[] sizes(int[] cuts) {
        int[] s = new int[cuts.length];
        for (int i = 0; i < cuts.length; i++) {
            s[i] = cuts[i] - (i == 0 ? 0 : cuts[i - 1]);
        }
        return s;
    }

    static void assertChunkSizes(int[] cuts, int total, CdcBounds b) {
        if (total == 0) {
            assertEquals(0, cuts.length);
            return;
        }
        assertEquals(total, cuts[cuts.length - 1]);
        int[] s = sizes(cuts);
        for (int i = 0; i < s.length; i++) {
            assertTrue(s[i] > 0 && s[i] <= b.max(), "chunk " + i + " size " + s[i]);
            if (i < s.length - 1) {
                assertTrue(s[i] >= b.min(), "non-final chunk " + i + " under min: " + s[i]);
            }
        }
    }
}

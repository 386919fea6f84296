package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class ReedSolomonTest {
    @Test
    void backblazeOneEncodeKnownAnswer() {
        // Backblaze JavaReedSolomon ReedSolomonTest.testOneEncode (ported from their Python prototype).
        ReedSolomon rs = new ReedSolomon(5, 5);
        byte[][] shards = {{0, 1}, {4, 5}, {2, 3}, {6, 7}, {8, 9}, new byte[2], new byte[2], new byte[2], new byte[2], new byte[2]};
        rs.encodeParity(shards, 0, 2);
        assertArrayEquals(new byte[] {12, 13}, shards[5]);
        assertArrayEquals(new byte[] {10, 11}, shards[6]);
        assertArrayEquals(new byte[] {14, 15}, shards[7]);
        assertArrayEquals(new byte[] {90, 91}, shards[8]);
        assertArrayEquals(new byte[] {94, 95}, shards[9]);
        assertTrue(rs.isParityCorrect(shards, 0, 2));
        shards[8][0] += 1;
        assertFalse(rs.isParityCorrect(shards, 0, 2));
    }

    @Test
    void everyErasurePatternRoundTripsForSmallCodecs() {
        int[][] geometries = {{4, 2}, {10, 2}, {17, 3}, {1, 1}, {1, 4}, {5, 5}};
        Random rnd = new Random(1);
        for (int[] g : geometries) {
            ReedSolomon rs = new ReedSolomon(g[0], g[1]);
            int offset = 3;
            int count = 37;
            byte[][] original = encoded(rs, offset, count, rnd);
            int total = rs.totalShards();
            for (int mask = 0; mask < (1 << total); mask++) {
                if (Integer.bitCount(mask) > g[1]) {
                    continue;
                }
                byte[][] shards = copy(original);
                boolean[] present = new boolean[total];
                for (int i = 0; i < total; i++) {
                    present[i] = (mask & (1 << i)) == 0;
                    if (!present[i]) {
                        if (rnd.nextBoolean()) {
                            shards[i] = null;
                        } else {
                            rnd.nextBytes(shards[i]);
                            System.arraycopy(original[i], 0, shards[i], 0, offset);
                            System.arraycopy(original[i], offset + count, shards[i], offset + count, shards[i].length - offset - count);
                        }
                    }
                }
                rs.reconstruct(shards, present, offset, count);
                for (int i = 0; i < total; i++) {
                    assertArrayEquals(Arrays.copyOfRange(original[i], offset, offset + count),
                            Arrays.copyOfRange(shards[i], offset, offset + count), g[0] + "+" + g[1] + " mask " + mask + " shard " + i);
                }
            }
        }
    }

    @Test
    void randomErasuresOnLargeCodecs() {
        Random rnd = new Random(2);
        int[][] geometries = {{64, 64}, {200, 56}, {10, 2}, {128, 3}};
        for (int[] g : geometries) {
            ReedSolomon rs = new ReedSolomon(g[0], g[1]);
            int count = 20_000 + rnd.nextInt(1000);
            byte[][] original = encoded(rs, 0, count, rnd);
            assertTrue(rs.isParityCorrect(original, 0, count));
            for (int trial = 0; trial < 6; trial++) {
                byte[][] shards = copy(original);
                boolean[] present = new boolean[rs.totalShards()];
                Arrays.fill(present, true);
                int missing = trial == 0 ? g[1] : 1 + rnd.nextInt(g[1]);
                for (int m = 0; m < missing; ) {
                    int i = rnd.nextInt(rs.totalShards());
                    if (present[i]) {
                        present[i] = false;
                        Arrays.fill(shards[i], (byte) 0);
                        m++;
                    }
                }
                rs.reconstruct(shards, present, 0, count);
                for (int i = 0; i < rs.totalShards(); i++) {
                    assertArrayEquals(Arrays.copyOf(original[i], count), Arrays.copyOf(shards[i], count),
                            g[0] + "+" + g[1] + " shard " + i);
                }
            }
        }
    }

    @Test
    void encodeTouchesOnlyTheRangeAndIsTileIndependent() {
        ReedSolomon rs = new ReedSolomon(10, 2);
        Random rnd = new Random(3);
        int len = 50_000;
        byte[][] whole = encoded(rs, 0, len, rnd);
        byte[][] pieces = copy(whole);
        byte[] before = pieces[11].clone();
        pieces[10] = new byte[len];
        pieces[11] = before.clone();
        rs.encodeParity(pieces, 1000, 30_001);
        assertArrayEquals(Arrays.copyOfRange(whole[10], 1000, 31_001), Arrays.copyOfRange(pieces[10], 1000, 31_001));
        assertEquals(0, pieces[10][999]);
        assertEquals(0, pieces[10][31_001]);
        assertArrayEquals(whole[11], pieces[11]);
    }

    @Test
    void tooFewShardsIsUnrecoverable() {
        ReedSolomon rs = new ReedSolomon(4, 2);
        byte[][] shards = encoded(rs, 0, 10, new Random(4));
        boolean[] present = {true, false, true, false, true, false};
        VaultException e = assertThrows(VaultException.class, () -> rs.reconstruct(shards, present, 0, 10));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
    }

    @Test
    void rejectsBadGeometryAndShapes() {
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> new ReedSolomon(0, 1)).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> new ReedSolomon(1, 0)).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> new ReedSolomon(200, 57)).failure());
        new ReedSolomon(255, 1);
        ReedSolomon rs = new ReedSolomon(2, 1);
        assertThrows(VaultException.class, () -> rs.encodeParity(new byte[2][4], 0, 4));
        assertThrows(VaultException.class, () -> rs.encodeParity(new byte[][] {new byte[4], new byte[3], new byte[4]}, 0, 4));
        assertThrows(VaultException.class, () -> rs.encodeParity(new byte[3][4], -1, 4));
        assertThrows(VaultException.class, () -> rs.reconstruct(new byte[3][4], new boolean[2], 0, 4));
        rs.encodeParity(new byte[3][0], 0, 0);
    }

    @Test
    void parityCheckSpansTiles() {
        ReedSolomon rs = new ReedSolomon(6, 3);
        byte[][] shards = encoded(rs, 0, 200_000, new Random(5));
        assertTrue(rs.isParityCorrect(shards, 0, 200_000));
        shards[7][150_000] ^= 1;
        assertFalse(rs.isParityCorrect(shards, 0, 200_000));
        assertTrue(rs.isParityCorrect(shards, 0, 150_000));
    }

    private static byte[][] encoded(ReedSolomon rs, int offset, int count, Random rnd) {
        byte[][] shards = new byte[rs.totalShards()][offset + count + 5];
        for (int i = 0; i < rs.dataShards(); i++) {
            rnd.nextBytes(shards[i]);
        }
        rs.encodeParity(shards, offset, count);
        return shards;
    }

    private static byte[][] copy(byte[][] shards) {
        byte[][] c = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            c[i] = shards[i].clone();
        }
        return c;
    }

    @Test
    void trailingZeroDataShardsAreLeftUnreadWithTheSameParity() {
        Random rnd = new Random(11);
        int k = 6;
        int n = 5000;
        byte[][] full = new byte[k + 3][n];
        for (int i = 0; i < 2; i++) {
            rnd.nextBytes(full[i]);
        }
        new ReedSolomon(k, 3).encodeParity(full, 0, n);
        byte[][] stale = new byte[k + 3][];
        for (int i = 0; i < k + 3; i++) {
            stale[i] = full[i].clone();
        }
        for (int i = 2; i < k + 3; i++) {
            rnd.nextBytes(stale[i]); // garbage where the zero shards and the parity were
        }
        new ReedSolomon(k, 3).encodeParity(stale, 0, n, 2);
        for (int p = k; p < k + 3; p++) {
            assertArrayEquals(full[p], stale[p], "parity shard " + (p - k));
        }
        ReedSolomon rs = new ReedSolomon(k, 3);
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> rs.encodeParity(stale, 0, n, 0)).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> rs.encodeParity(stale, 0, n, k + 1)).failure());
    }
}

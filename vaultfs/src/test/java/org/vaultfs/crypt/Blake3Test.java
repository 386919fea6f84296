package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Blake3Test {
    private static final byte[] KEY = Blake3OfficialVectors.KEY.getBytes(StandardCharsets.US_ASCII);

    private static byte[] pattern(int len) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    @Test
    void officialHashVectorsWithExtendedOutput() {
        for (String[] c : Blake3OfficialVectors.CASES) {
            byte[] input = pattern(Integer.parseInt(c[0]));
            byte[] expected = TestHex.decode(c[1]);
            byte[] xof = new byte[expected.length];
            Blake3.newHasher().update(input).finish(xof, 0, xof.length);
            assertEquals(c[1], TestHex.encode(xof), "hash, input_len " + c[0]);
            assertArrayEquals(Arrays.copyOf(expected, 32), Blake3.hash(input), "32-byte hash, input_len " + c[0]);
        }
    }

    @Test
    void officialKeyedVectorsWithExtendedOutput() {
        assertEquals(32, KEY.length);
        for (String[] c : Blake3OfficialVectors.CASES) {
            byte[] input = pattern(Integer.parseInt(c[0]));
            byte[] expected = TestHex.decode(c[2]);
            byte[] xof = new byte[expected.length];
            Blake3.newKeyedHasher(KEY).update(input).finish(xof, 0, xof.length);
            assertEquals(c[2], TestHex.encode(xof), "keyed_hash, input_len " + c[0]);
            assertArrayEquals(Arrays.copyOf(expected, 32), Blake3.keyedHash(KEY, input, 0, input.length),
                    "32-byte keyed_hash, input_len " + c[0]);
        }
    }

    @Test
    void matchesCommonsCodecAcrossLengthsAndModes() {
        SplittableRandom rnd = new SplittableRandom(0xB1A4E3L);
        int[] lengths = {0, 1, 63, 64, 65, 127, 128, 129, 1023, 1024, 1025, 2047, 2048, 2049, 3072,
            4095, 4096, 4097, 15360, 16385, 31744, 65536, 102400, 1 << 20, (1 << 20) + 1};
        int[] all = Arrays.copyOf(lengths, lengths.length + 40);
        for (int i = lengths.length; i < all.length; i++) {
            all[i] = rnd.nextInt(200_000);
        }
        for (int len : all) {
            byte[] data = new byte[len + 7];
            rnd.nextBytes(data);
            int off = 7;
            byte[] key = new byte[32];
            rnd.nextBytes(key);

            assertArrayEquals(codecHash(data, off, len), Blake3.hash(data, off, len), "hash len " + len);
            assertArrayEquals(codecKeyed(key, data, off, len), Blake3.keyedHash(key, data, off, len), "keyed len " + len);

            Blake3 split = Blake3.newKeyedHasher(key);
            int pos = off;
            int end = off + len;
            while (pos < end) {
                int n = Math.min(end - pos, splitSize(rnd));
                split.update(data, pos, n);
                pos += n;
            }
            assertArrayEquals(codecKeyed(key, data, off, len), split.finish(), "incremental len " + len);
        }
    }

    /** Mixes tiny, block-sized and chunk-straddling pieces to hit every buffering path. */
    private static int splitSize(SplittableRandom rnd) {
        switch (rnd.nextInt(4)) {
            case 0: return rnd.nextInt(3);
            case 1: return 64 * (1 + rnd.nextInt(3));
            case 2: return rnd.nextInt(130);
            default: return rnd.nextInt(5000);
        }
    }

    @Test
    void extendedOutputMatchesCommonsCodecAtOffsets() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int len : new int[] {0, 5, 1024, 1025, 5000}) {
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            for (int outLen : new int[] {0, 1, 31, 32, 33, 64, 65, 200, 1000}) {
                byte[] expected = new byte[outLen];
                org.apache.commons.codec.digest.Blake3.initHash().update(data).doFinalize(expected);
                byte[] out = new byte[outLen + 3];
                Blake3.newHasher().update(data).finish(out, 3, outLen);
                assertArrayEquals(expected, Arrays.copyOfRange(out, 3, 3 + outLen), "len " + len + " out " + outLen);
            }
        }
    }

    @Test
    void finishLeavesStateUsableForMoreInput() {
        byte[] data = pattern(5000);
        Blake3 h = Blake3.newHasher().update(data, 0, 3000);
        assertArrayEquals(Blake3.hash(data, 0, 3000), h.finish());
        h.update(data, 3000, 2000);
        assertArrayEquals(Blake3.hash(data), h.finish());
    }

    @Test
    void rejectsBadKeyAndRange() {
        assertThrows(IllegalArgumentException.class, () -> Blake3.newKeyedHasher(new byte[31]));
        assertThrows(IndexOutOfBoundsException.class, () -> Blake3.hash(new byte[10], 5, 6));
    }

    private static byte[] codecHash(byte[] data, int off, int len) {
        return org.apache.commons.codec.digest.Blake3.initHash().update(data, off, len).doFinalize(32);
    }

    private static byte[] codecKeyed(byte[] key, byte[] data, int off, int len) {
        return org.apache.commons.codec.digest.Blake3.initKeyedHash(key).update(data, off, len).doFinalize(32);
    }
}

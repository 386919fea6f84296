package org.vaultfs.chunking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliberately naive re-statement of the reference algorithm, sharing no code with the
 * implementation (its BLAKE3 is Commons Codec's, called directly), used as the oracle.
 */
final class GearOracle {
    private GearOracle() {
    }

    static long[] table() {
        long[] t = new long[256];
        byte[] seed = "AeroVault v3 gear-cdc table".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 256; i++) {
            byte[] input = new byte[seed.length + 1];
            System.arraycopy(seed, 0, input, 0, seed.length);
            input[seed.length] = (byte) i;
            byte[] h = org.apache.commons.codec.digest.Blake3.hash(input);
            t[i] = java.nio.ByteBuffer.wrap(h, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        }
        return t;
    }

    private static final long[] TABLE = table();

    /** Exclusive chunk ends, like the reference's chunk_ranges_with. */
    static List<Integer> cutPoints(byte[] data, int min, int avg, int max) {
        List<Integer> cuts = new ArrayList<>();
        long mask = avg - 1L;
        long rolling = 0;
        int start = 0;
        for (int idx = 0; idx < data.length; idx++) {
            rolling = ((rolling << 1) | (rolling >>> 63)) + TABLE[data[idx] & 0xff];
            int len = idx + 1 - start;
            if (len >= min && ((rolling & mask) == 0 || len >= max)) {
                cuts.add(idx + 1);
                start = idx + 1;
                rolling = 0;
            }
        }
        if (start < data.length) {
            cuts.add(data.length);
        }
        return cuts;
    }

    static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The reference tests' xorshift64 fill: byte = low 8 bits after each step. */
    static byte[] xorshift(int len, long seed) {
        byte[] out = new byte[len];
        long x = seed;
        for (int i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            out[i] = (byte) x;
        }
        return out;
    }
}

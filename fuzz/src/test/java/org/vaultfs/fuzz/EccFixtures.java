package org.vaultfs.fuzz;

import java.util.Random;

/**
 * Deterministic protected regions shared by the error-correction targets and their seed
 * writer. The first input byte picks one of them, the next four describe damage to it:
 * position (u16, scaled to the region), span length (0 = undamaged) and xor value (0 = 0xff).
 */
final class EccFixtures {
    /** One byte, one partial shard, just over one 4096-byte shard, three shards, two groups at 5 %. */
    static final int[] REGION_LENGTHS = {1, 100, 4097, 12000, 90000};
    static final int CONTROL_LEN = 5;

    private EccFixtures() {
    }

    static int regionIndex(byte[] data) {
        return data.length == 0 ? 0 : (data[0] & 0xff) % REGION_LENGTHS.length;
    }

    static byte[] region(int index) {
        byte[] b = new byte[REGION_LENGTHS[index]];
        new Random(REGION_LENGTHS[index]).nextBytes(b);
        return b;
    }

    /** Damage {@code [from, to)} described by bytes 1..4 of the input (empty when absent). */
    static int[] damageSpan(byte[] data, int len) {
        if (data.length < CONTROL_LEN || (data[3] & 0xff) == 0) {
            return new int[] {0, 0};
        }
        int at = (int) (((data[1] & 0xff) | (data[2] & 0xff) << 8) * (long) len / 65536);
        return new int[] {at, Math.min(len, at + (data[3] & 0xff))};
    }

    static byte[] damaged(byte[] region, byte[] data) {
        byte[] d = region.clone();
        int[] span = damageSpan(data, d.length);
        byte x = data.length < CONTROL_LEN || data[4] == 0 ? (byte) 0xff : data[4];
        for (int i = span[0]; i < span[1]; i++) {
            d[i] ^= x;
        }
        return d;
    }

    static byte[] control(int region, int pos16, int span, int xor) {
        return new byte[] {(byte) region, (byte) pos16, (byte) (pos16 >>> 8), (byte) span, (byte) xor};
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

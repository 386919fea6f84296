package org.vaultfs.chunking;

import java.nio.charset.StandardCharsets;
import org.vaultfs.crypt.Blake3;

/** The 256 gear constants: little-endian u64 prefix of BLAKE3(seed || i). */
public final class GearTable {
    private static final byte[] SEED = "AeroVault v3 gear-cdc table".getBytes(StandardCharsets.US_ASCII);

    static final long[] TABLE = build();

    private GearTable() {
    }

    public static long entry(int index) {
        return TABLE[index];
    }

    private static long[] build() {
        long[] table = new long[256];
        byte[] input = new byte[SEED.length + 1];
        System.arraycopy(SEED, 0, input, 0, SEED.length);
        for (int i = 0; i < 256; i++) {
            input[SEED.length] = (byte) i;
            byte[] h = Blake3.hash(input);
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (h[b] & 0xffL);
            }
            table[i] = v;
        }
        return table;
    }
}

package org.vaultfs.ecc;

import org.vaultfs.crypt.Blake3;

/** The 16-byte rot detector of one shard: BLAKE3 of the zero-padded shard, truncated. */
final class ShardChecksum {
    private ShardChecksum() {
    }

    static void compute(byte[] shard, int len, byte[] out, int off) {
        Blake3.hash(shard, 0, len, out, off, AvecGeometry.CHECKSUM_LEN);
    }

    static boolean matches(byte[] shard, int len, byte[] table, int off) {
        byte[] c = new byte[AvecGeometry.CHECKSUM_LEN];
        compute(shard, len, c, 0);
        return java.util.Arrays.equals(c, 0, c.length, table, off, off + c.length);
    }
}

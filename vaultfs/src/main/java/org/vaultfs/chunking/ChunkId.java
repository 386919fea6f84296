package org.vaultfs.chunking;

import org.vaultfs.bytes.Hex;
import org.vaultfs.crypt.Blake3;

/** {@code blake3-keyed-128} v1: hex of the first 16 bytes of keyed BLAKE3 over the plaintext. */
public final class ChunkId {
    public static final int BYTES = 16;
    public static final int HEX_LENGTH = 2 * BYTES;

    private ChunkId() {
    }

    /** @param key the vault's 32-byte chunk-id key (HKDF from the master key) */
    public static String of(byte[] key, byte[] data, int off, int len) {
        byte[] full = Blake3.keyedHash(key, data, off, len);
        return Hex.encode(full, 0, BYTES);
    }

    public static String of(byte[] key, ChunkBuffer chunk) {
        return of(key, chunk.array(), 0, chunk.length());
    }
}

package org.vaultfs.container;

import org.vaultfs.crypt.AesGcmSiv;

/**
 * A chunk ready for the data section: {@code framed} holds the u64 length prefix and the
 * stored block ({@code record.blockLen()} bytes) as the data section holds them; the array
 * may be longer.
 */
record EncodedBlock(byte[] framed, ChunkRecord record) {
    static final int PREFIX = 8;

    /** Bytes of {@code framed} that are written. */
    int framedLength() {
        return PREFIX + (int) record.blockLen();
    }

    /** The largest framed block a chunk of {@code chunkLen} bytes can need: raw, nonce, tag. */
    static int framedLength(int chunkLen) {
        return PREFIX + AesGcmSiv.NONCE_LEN + chunkLen + AesGcmSiv.TAG_LEN;
    }
}

package org.vaultfs.container;

import org.vaultfs.compression.ChunkCompressor;
import org.vaultfs.crypt.AesGcmSiv;

/** Chunk plaintext to stored block: compress (or keep raw), seal under the block AAD, hash. */
final class BlockEncoder {
    private final AesGcmSiv aead;
    private final int level;

    BlockEncoder(AesGcmSiv aead, int level) {
        this.aead = aead;
        this.level = level;
    }

    EncodedBlock encode(byte[] data, int off, int len, String id, long blockIndex, byte[] nonce) {
        ChunkCompressor.Encoded enc = ChunkCompressor.encode(data, off, len, level);
        byte[] ct = aead.seal(nonce, enc.bytes(), enc.offset(), enc.length(), BlockAad.of(blockIndex, id));
        byte[] block = new byte[nonce.length + ct.length];
        System.arraycopy(nonce, 0, block, 0, nonce.length);
        System.arraycopy(ct, 0, block, nonce.length, ct.length);
        String hash = BlockDecoder.cipherHash(block, 0, block.length);
        ChunkRecord r = new ChunkRecord(id, blockIndex, -1, block.length, len, enc.length(), hash, enc.raw());
        return new EncodedBlock(block, r);
    }
}

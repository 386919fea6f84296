package org.vaultfs.container;

import org.vaultfs.compression.ChunkCompressor;
import org.vaultfs.compression.EncodedChunk;
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
        EncodedChunk enc = ChunkCompressor.encode(data, off, len, level);
        // The block is sealed straight into its final buffer, nonce first: no intermediate copy.
        byte[] block = new byte[nonce.length + enc.length() + AesGcmSiv.TAG_LEN];
        System.arraycopy(nonce, 0, block, 0, nonce.length);
        aead.seal(nonce, enc.data(), enc.offset(), enc.length(), BlockAad.of(blockIndex, id), block, nonce.length);
        String hash = BlockDecoder.cipherHash(block, 0, block.length);
        ChunkRecord r = new ChunkRecord(id, blockIndex, -1, block.length, len, enc.length(), hash, enc.storedRaw());
        return new EncodedBlock(block, r);
    }
}

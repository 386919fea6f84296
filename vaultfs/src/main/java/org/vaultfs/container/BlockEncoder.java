package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.bytes.ScratchPool;
import org.vaultfs.compression.ChunkCompressor;
import org.vaultfs.compression.EncodedChunk;
import org.vaultfs.crypt.AesGcmSiv;

/** Chunk plaintext to stored block: compress (or keep raw), seal under the block AAD, hash. */
final class BlockEncoder {
    // Blocks wait in order for the writer, so each needs an array of its own until written;
    // fresh ones, alive that long, were promoted and filled the old generation (full
    // collections every few hundred MiB). Kept arrays cover the chunks a byte budget lets fly.
    private static final int KEPT = 6;
    private static final int STEP = 256 << 10;
    private final ScratchPool arrays;
    private final AesGcmSiv aead;
    private final int level;

    BlockEncoder(AesGcmSiv aead, int level, int maxChunkLen) {
        this.aead = aead;
        this.level = level;
        this.arrays = new ScratchPool(STEP, EncodedBlock.framedLength(maxChunkLen) + STEP, KEPT);
    }

    EncodedBlock encode(byte[] data, int off, int len, String id, long blockIndex, byte[] nonce) {
        EncodedChunk enc = ChunkCompressor.encodeBorrowed(data, off, len, level);
        // Sealed straight into the array that is written, after its length prefix and nonce.
        int blockLen = nonce.length + enc.length() + AesGcmSiv.TAG_LEN;
        byte[] framed = arrays.take(EncodedBlock.PREFIX + blockLen);
        LittleEndian.putLong(framed, 0, blockLen);
        System.arraycopy(nonce, 0, framed, EncodedBlock.PREFIX, nonce.length);
        aead.seal(nonce, enc.data(), enc.offset(), enc.length(), BlockAad.of(blockIndex, id), framed,
                EncodedBlock.PREFIX + nonce.length);
        String hash = BlockDecoder.cipherHash(framed, EncodedBlock.PREFIX, blockLen);
        ChunkRecord r = new ChunkRecord(id, blockIndex, -1, blockLen, len, enc.length(), hash, enc.storedRaw());
        return new EncodedBlock(framed, r);
    }

    /** Takes back the array of a block once it is written. */
    void recycle(EncodedBlock b) {
        arrays.give(b.framed());
    }
}

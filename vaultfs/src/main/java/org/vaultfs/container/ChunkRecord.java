package org.vaultfs.container;

/**
 * A stored block (SPEC.md §6). {@code dataOffset} is relative to the data section and points
 * at the block's u64 length prefix; {@code blockLen} excludes the prefix.
 */
public record ChunkRecord(String id, long blockIndex, long dataOffset, long blockLen, long plaintextLen,
                          long compressedLen, String cipherHash, boolean storedRaw) {

    public ChunkRecord withDataOffset(long newOffset) {
        return new ChunkRecord(id, blockIndex, newOffset, blockLen, plaintextLen, compressedLen, cipherHash, storedRaw);
    }

    /** Bytes this record occupies in the data section, length prefix included. */
    public long recordLen() {
        return 8 + blockLen;
    }
}

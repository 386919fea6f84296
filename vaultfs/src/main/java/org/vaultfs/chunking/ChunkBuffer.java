package org.vaultfs.chunking;

/**
 * One chunk's bytes in a reusable array: valid bytes are {@code array()[0, length())}; the
 * array is larger. Whoever holds it calls {@link #release()} once done, so the streaming
 * chunker can refill it instead of allocating.
 */
public final class ChunkBuffer {
    private final byte[] array;
    private final ChunkBufferPool pool;
    private int length;
    private long streamOffset;

    ChunkBuffer(byte[] array, ChunkBufferPool pool) {
        this.array = array;
        this.pool = pool;
    }

    public byte[] array() {
        return array;
    }

    public int length() {
        return length;
    }

    /** Offset of the chunk's first byte in the chunked stream. */
    public long streamOffset() {
        return streamOffset;
    }

    void set(int length, long streamOffset) {
        this.length = length;
        this.streamOffset = streamOffset;
    }

    /** Hands the buffer back to its pool; the caller must not touch it afterwards. */
    public void release() {
        pool.release(this);
    }
}

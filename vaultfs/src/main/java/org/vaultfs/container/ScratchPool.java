package org.vaultfs.container;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few reusable scratch arrays shared by all threads. Per-thread buffers would be reallocated
 * for every thread libfuse starts (its loop starts and ends worker threads as load changes),
 * and on a heap mostly holding the block cache such arrays land in the old generation and
 * force full collections. Callers wipe what they used before giving an array back.
 */
public final class ScratchPool {
    private final int size;
    private final ArrayBlockingQueue<byte[]> free;

    public ScratchPool(int size, int keep) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(keep);
    }

    public byte[] take() {
        byte[] b = free.poll();
        return b != null ? b : new byte[size];
    }

    /** Keeps the array for the next taker, unless enough are kept already. */
    public void give(byte[] b) {
        if (b.length == size) {
            free.offer(b);
        }
    }
}

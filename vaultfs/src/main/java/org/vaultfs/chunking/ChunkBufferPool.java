package org.vaultfs.chunking;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Recycles chunk buffers between the chunker and the workers consuming chunks. Never
 * blocks: an empty pool allocates, a full pool drops the returned buffer, so the number
 * of live buffers is governed by how many chunks the caller keeps in flight.
 */
public final class ChunkBufferPool {
    private final int bufferCapacity;
    private final ArrayBlockingQueue<ChunkBuffer> idle;

    public ChunkBufferPool(int bufferCapacity, int maxIdle) {
        if (bufferCapacity <= 0 || maxIdle < 1) {
            throw new IllegalArgumentException("bufferCapacity and maxIdle must be positive");
        }
        this.bufferCapacity = bufferCapacity;
        this.idle = new ArrayBlockingQueue<>(maxIdle);
    }

    public int bufferCapacity() {
        return bufferCapacity;
    }

    public ChunkBuffer acquire() {
        ChunkBuffer b = idle.poll();
        return b != null ? b : new ChunkBuffer(bufferCapacity, this);
    }

    void release(ChunkBuffer buffer) {
        idle.offer(buffer);
    }
}

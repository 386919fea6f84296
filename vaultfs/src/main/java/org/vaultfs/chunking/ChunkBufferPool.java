package org.vaultfs.chunking;

import java.util.ArrayDeque;

/**
 * Recycles chunk buffers between the chunker and the workers consuming chunks, and lends the
 * same arrays to other users of buffers this size (the small-file packs), so one set of
 * arrays serves both. Never blocks: an empty pool allocates, a full pool drops the returned
 * array, so the number of live buffers is governed by how many chunks the caller keeps in
 * flight.
 */
public final class ChunkBufferPool {
    private final int bufferCapacity;
    private final int maxIdle;
    private final ArrayDeque<byte[]> idle; // guarded by itself; last in, first out: the warmest array

    public ChunkBufferPool(int bufferCapacity, int maxIdle) {
        if (bufferCapacity <= 0 || maxIdle < 1) {
            throw new IllegalArgumentException("bufferCapacity and maxIdle must be positive");
        }
        this.bufferCapacity = bufferCapacity;
        this.maxIdle = maxIdle;
        this.idle = new ArrayDeque<>(maxIdle);
    }

    public int bufferCapacity() {
        return bufferCapacity;
    }

    public ChunkBuffer acquire() {
        return new ChunkBuffer(takeArray(), this);
    }

    /** An array of {@link #bufferCapacity()} bytes, owned by the caller until {@link #giveArray}. */
    public byte[] takeArray() {
        byte[] a;
        synchronized (idle) {
            a = idle.pollFirst();
        }
        return a != null ? a : new byte[bufferCapacity];
    }

    /** Takes back an array from {@link #takeArray}; the caller must not touch it afterwards. */
    public void giveArray(byte[] array) {
        if (array.length != bufferCapacity) {
            return;
        }
        synchronized (idle) {
            if (idle.size() < maxIdle) {
                idle.addFirst(array);
            }
        }
    }

    void release(ChunkBuffer buffer) {
        giveArray(buffer.array());
    }
}

package org.vaultfs.bytes;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A few native buffers of one size shared by all threads, for bytes read from a file straight
 * into native memory (a stored block on its way into a cache's pages). A fresh direct buffer
 * per read costs a zeroed allocation and its page faults every time; one held per thread
 * would stay with every thread that ever read. Buffers beyond {@code keep} given back at once
 * are released. They carry stored (encrypted) bytes only, so they are not wiped.
 */
public final class DirectBufferPool {
    private final int size;
    private final int keep;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>(); // guarded by itself

    public DirectBufferPool(int size, int keep) {
        if (size < 1 || keep < 0) {
            throw new IllegalArgumentException("buffers must have a size and the pool a non-negative count");
        }
        this.size = size;
        this.keep = keep;
    }

    /** The capacity of every buffer handed out. */
    public int size() {
        return size;
    }

    /** A buffer of {@link #size} bytes, position 0 and limit at its capacity. */
    public ByteBuffer take() {
        ByteBuffer b;
        synchronized (free) {
            b = free.poll();
        }
        return b == null ? DirectMemory.allocate(size) : b.clear();
    }

    /** Keeps the buffer for the next taker, or releases it when enough are kept. */
    public void give(ByteBuffer b) {
        if (b.capacity() != size || !b.isDirect()) {
            throw new IllegalArgumentException("not a buffer of this pool");
        }
        synchronized (free) {
            if (free.size() < keep) {
                free.push(b);
                return;
            }
        }
        DirectMemory.release(b);
    }
}

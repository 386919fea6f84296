package org.vaultfs.fs;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.IntFunction;
import org.vaultfs.bytes.DirectMemory;

/**
 * Fixed-size pages of native memory for cached plaintext: carved from slabs allocated only
 * as the cache fills, never more than {@code maxPages}, and wiped whenever they come back.
 * Native, not heap, because a full cache of heap arrays is what the collector then traces,
 * promotes and keeps committed long after eviction: the cache's memory is now exactly its
 * pages. Pages are never handed back to the system: the cache reuses them, and its owner's
 * lifetime is the mount's.
 */
final class PagePool {
    private static final int SLAB_BYTES = 1 << 20;

    private final int pageBytes;
    private final IntFunction<ByteBuffer> allocator;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>(); // guarded by this
    private int maxPages; // guarded by this
    private int allocatedPages; // guarded by this

    PagePool(int pageBytes, long maxBytes) {
        this(pageBytes, maxBytes, DirectMemory::allocate);
    }

    PagePool(int pageBytes, long maxBytes, IntFunction<ByteBuffer> allocator) {
        if (pageBytes < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.pageBytes = pageBytes;
        this.allocator = allocator;
        this.maxPages = (int) Math.min(Integer.MAX_VALUE, maxBytes / pageBytes);
    }

    int pageBytes() {
        return pageBytes;
    }

    synchronized int maxPages() {
        return maxPages;
    }

    /** Pages needed to hold {@code bytes}. */
    int pagesFor(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, (bytes + pageBytes - 1) / pageBytes);
    }

    /** Pages that {@link #take} could hand out now, free or not yet allocated. */
    synchronized int available() {
        return free.size() + (maxPages - allocatedPages);
    }

    /** Native bytes allocated so far (they stay allocated; unused ones sit wiped in the pool). */
    synchronized long allocatedBytes() {
        return (long) allocatedPages * pageBytes;
    }

    /** {@code count} pages, or null (taking none) when fewer are available. */
    synchronized ByteBuffer[] take(int count) {
        while (count <= available() && free.size() < count) {
            carveSlab();
        }
        if (free.size() < count) {
            return null;
        }
        ByteBuffer[] pages = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            pages[i] = free.pop();
        }
        return pages;
    }

    private void carveSlab() {
        int pages = Math.min(Math.max(1, SLAB_BYTES / pageBytes), maxPages - allocatedPages);
        ByteBuffer slab;
        try {
            slab = allocator.apply(pages * pageBytes);
        } catch (OutOfMemoryError e) {
            // The JVM's cap on native memory is below the cache size (the launcher sets it
            // above; a bare `java` may not): the cache stays at what it has, reads go on.
            maxPages = allocatedPages;
            return;
        }
        for (int i = 0; i < pages; i++) {
            free.push(slab.slice(i * pageBytes, pageBytes));
        }
        allocatedPages += pages;
    }

    /** Wipes the pages (outside the pool's lock: it is the slow part) and takes them back. */
    void give(ByteBuffer[] pages) {
        for (ByteBuffer p : pages) {
            DirectMemory.wipe(p);
        }
        synchronized (this) {
            for (ByteBuffer p : pages) {
                free.push(p);
            }
        }
    }
}

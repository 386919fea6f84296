package org.vaultfs.fs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decoded chunk plaintext in native pages ({@link PagePool}), least recently used first out:
 * the heap holds no cached plaintext, so the process's memory is the capacity plus a small,
 * steady heap, whatever is read. Readers copy out of a chunk while it is pinned; eviction
 * unlinks it at once, but its pages are wiped and reused only when the last reader is done.
 */
final class PlaintextCache {
    private final PagePool pages;
    private final Object lock = new Object();
    private final ByteBoundedLru<String, CachedChunk> lru; // guarded by lock
    private long filling; // guarded by lock: pages of chunks being filled, counted before they are visible
    private boolean closed; // guarded by lock

    PlaintextCache(PagePool pages) {
        this.pages = pages;
        this.lru = new ByteBoundedLru<>(c -> (long) c.pages().length * pages.pageBytes());
    }

    /** Copies {@code copy} from the cached chunk; false on a miss. */
    boolean copyTo(ChunkCache.Copy copy) {
        CachedChunk c;
        synchronized (lock) {
            c = lru.get(copy.id());
            if (c == null) {
                return false;
            }
            c.pins++;
        }
        try {
            copy.check(c.length());
            c.copyTo(copy.offset(), copy.n(), copy.sink(), copy.sinkOffset());
        } finally {
            unpin(c);
        }
        return true;
    }

    private void unpin(CachedChunk c) {
        boolean release;
        synchronized (lock) {
            c.pins--;
            release = c.evicted && c.pins == 0;
        }
        if (release) {
            pages.give(c.pages());
        }
    }

    boolean contains(String id) {
        synchronized (lock) {
            return lru.containsKey(id);
        }
    }

    long usedBytes() {
        synchronized (lock) {
            return lru.bytes() + filling;
        }
    }

    long allocatedBytes() {
        return pages.allocatedBytes();
    }

    /** Forgets a chunk's plaintext, as eviction would. */
    void evict(String id) {
        CachedChunk free;
        synchronized (lock) {
            CachedChunk old = lru.remove(id);
            free = old == null ? null : unlink(old);
        }
        if (free != null) {
            pages.give(free.pages());
        }
    }

    /** Marks a chunk removed from the LRU as evicted; returns it when its pages can go back to the pool now. */
    private static CachedChunk unlink(CachedChunk c) {
        c.evicted = true;
        return c.pins == 0 ? c : null;
    }

    /**
     * Copies the plaintext into pages, evicting least recently used chunks to make room. Not
     * cached when it exceeds the capacity or when readers pin so much that no room can be made.
     */
    void insert(String id, byte[] plain, int off, int len) {
        int need = pages.pagesFor(len);
        long bytes = (long) need * pages.pageBytes();
        // Pages of unpinned chunks evicted here: reused as they are (fill overwrites them) or
        // wiped and pooled at the end.
        List<ByteBuffer> spare = new ArrayList<>();
        try {
            CachedChunk fresh;
            synchronized (lock) {
                if (closed || need > pages.maxPages() || lru.containsKey(id)) {
                    return;
                }
                CachedChunk eldest;
                while (pages.available() + spare.size() < need && (eldest = lru.evictEldest()) != null) {
                    if (unlink(eldest) != null) {
                        Collections.addAll(spare, eldest.pages());
                    }
                }
                ByteBuffer[] mine = takePages(need, spare);
                if (mine == null) {
                    return;
                }
                fresh = new CachedChunk(mine, pages.pageBytes(), len);
                filling += bytes;
            }
            fresh.fill(plain, off);
            synchronized (lock) {
                filling -= bytes;
                if (closed) {
                    fresh.evicted = true;
                    Collections.addAll(spare, fresh.pages());
                } else {
                    lru.put(id, fresh);
                }
            }
        } finally {
            if (!spare.isEmpty()) {
                pages.give(spare.toArray(new ByteBuffer[0]));
            }
        }
    }

    /** {@code need} pages, from {@code spare} first and then the pool; null (taking none) when there are not enough. */
    private ByteBuffer[] takePages(int need, List<ByteBuffer> spare) {
        int reuse = Math.min(need, spare.size());
        ByteBuffer[] fromPool = pages.take(need - reuse);
        if (fromPool == null) {
            return null;
        }
        ByteBuffer[] out = new ByteBuffer[need];
        for (int i = 0; i < reuse; i++) {
            out[i] = spare.remove(spare.size() - 1);
        }
        System.arraycopy(fromPool, 0, out, reuse, fromPool.length);
        return out;
    }

    /** Drops every chunk and wipes its pages (those a straggling reader still pins when it is done). */
    void close() {
        List<CachedChunk> free = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (CachedChunk c : lru.clear()) {
                if (unlink(c) != null) {
                    free.add(c);
                }
            }
        }
        for (CachedChunk c : free) {
            pages.give(c.pages());
        }
    }
}

package org.vaultfs.fs;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decoded chunk plaintext in native pages ({@link PagePool}), least recently used first out:
 * the heap holds no cached plaintext, so the process's memory is the capacity plus a small,
 * steady heap, whatever is read. Readers copy out of a chunk while it is pinned; eviction
 * unlinks it at once, but its pages are wiped and reused only when the last reader is done.
 *
 * <p>The pages of a few chunks dropped behind a sequential reader are kept unwiped for the
 * chunks decoded ahead of it, which overwrite every byte of them: wiping each page on its way
 * out cost the read-ahead thread as much as reading the vault file (perf, cold 256 MiB read).
 * At most {@link #MAX_UNWIPED_PAGES} wait so; beyond that, and at close, pages are wiped as
 * before. They hold nothing the cache did not hold a moment earlier, in the same process.
 */
final class PlaintextCache {
    private final PagePool pages;
    private final Object lock = new Object();
    private final ByteBoundedLru<String, CachedChunk> lru; // guarded by lock
    private long filling; // guarded by lock: pages of chunks being filled, counted before they are visible
    private boolean closed; // guarded by lock
    /** A read-ahead window of 64 KiB pages: what a sequential reader drops while the next chunks decode. */
    static final int MAX_UNWIPED_PAGES = 96;
    private final ArrayDeque<ByteBuffer> unwiped = new ArrayDeque<>(); // guarded by lock: evicted, for reserve to overwrite

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
        List<ByteBuffer> wipe = new ArrayList<>();
        synchronized (lock) {
            CachedChunk old = lru.remove(id);
            CachedChunk free = old == null ? null : unlink(old);
            if (free != null) {
                for (ByteBuffer p : free.pages()) {
                    if (!closed && unwiped.size() < MAX_UNWIPED_PAGES) {
                        unwiped.push(p);
                    } else {
                        wipe.add(p);
                    }
                }
            }
        }
        if (!wipe.isEmpty()) {
            pages.give(wipe.toArray(new ByteBuffer[0]));
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
        CachedChunk fresh = reserve(id, len);
        if (fresh == null) {
            return;
        }
        boolean filled = false;
        try {
            fresh.fill(plain, off);
            filled = true;
        } finally {
            if (filled) {
                publish(id, fresh);
            } else {
                abandon(fresh);
            }
        }
    }

    /**
     * Pages for a chunk of {@code len} bytes that its decoder writes in place, unseen by
     * readers until {@link #publish} (or handed back by {@link #abandon}); evicts least
     * recently used chunks to make room. Null when the chunk cannot be cached: it exceeds the
     * capacity, is cached already, or readers pin so much that no room can be made. The pages
     * may hold an evicted chunk's bytes: the decoder overwrites them all.
     */
    CachedChunk reserve(String id, int len) {
        int need = pages.pagesFor(len);
        // Pages of unpinned chunks evicted here: reused as they are or wiped and pooled at the end.
        List<ByteBuffer> spare = new ArrayList<>();
        try {
            synchronized (lock) {
                if (closed || need > pages.maxPages() || lru.containsKey(id)) {
                    return null;
                }
                CachedChunk eldest;
                while (pages.available() + spare.size() + unwiped.size() < need && (eldest = lru.evictEldest()) != null) {
                    if (unlink(eldest) != null) {
                        Collections.addAll(spare, eldest.pages());
                    }
                }
                ByteBuffer[] mine = takePages(need, spare);
                if (mine == null) {
                    return null;
                }
                filling += (long) need * pages.pageBytes();
                return new CachedChunk(mine, pages.pageBytes(), len);
            }
        } finally {
            if (!spare.isEmpty()) {
                pages.give(spare.toArray(new ByteBuffer[0]));
            }
        }
    }

    /** Makes a reserved chunk, its plaintext now written, visible to readers (wiping its last page's tail). */
    void publish(String id, CachedChunk fresh) {
        fresh.wipeTail();
        synchronized (lock) {
            filling -= (long) fresh.pages().length * pages.pageBytes();
            if (!closed && !lru.containsKey(id)) {
                lru.put(id, fresh);
                return;
            }
            fresh.evicted = true;
        }
        pages.give(fresh.pages());
    }

    /** Hands back the pages of a reserved chunk whose decode failed, wiped. */
    void abandon(CachedChunk fresh) {
        synchronized (lock) {
            filling -= (long) fresh.pages().length * pages.pageBytes();
            fresh.evicted = true;
        }
        pages.give(fresh.pages());
    }

    /** {@code need} pages, from {@code spare} first and then the pool; null (taking none) when there are not enough. */
    private ByteBuffer[] takePages(int need, List<ByteBuffer> spare) {
        int reuse = Math.min(need, spare.size());
        int kept = Math.min(need - reuse, unwiped.size());
        ByteBuffer[] fromPool = pages.take(need - reuse - kept);
        if (fromPool == null) {
            return null;
        }
        ByteBuffer[] out = new ByteBuffer[need];
        for (int i = 0; i < reuse; i++) {
            out[i] = spare.remove(spare.size() - 1);
        }
        for (int i = 0; i < kept; i++) {
            out[reuse + i] = unwiped.pop();
        }
        System.arraycopy(fromPool, 0, out, reuse + kept, fromPool.length);
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
            ByteBuffer[] kept = unwiped.toArray(new ByteBuffer[0]);
            unwiped.clear();
            free.add(new CachedChunk(kept, pages.pageBytes(), 0));
        }
        for (CachedChunk c : free) {
            pages.give(c.pages());
        }
    }
}

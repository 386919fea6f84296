package org.vaultfs.fs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.vaultfs.container.ChunkCheckpoints;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.ScratchPool;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Bounded LRU of decoded chunk plaintext, keyed by chunk id and sized in bytes of native
 * pages ({@link PagePool}): the heap holds no cached plaintext, so the process's memory is the
 * cache's capacity plus a small, steady heap, whatever is read. Decoding a chunk costs a block
 * read, AES-GCM-SIV and zstd, so concurrent requests for the same chunk share one in-flight
 * decode instead of each decoding it. Failures are not cached: a damaged block is retried on
 * the next read (a repairing {@link ChunkSource} may succeed later).
 *
 * <p>Readers copy out of a cached chunk while it is pinned; eviction unlinks a chunk at once
 * but its pages are wiped and reused only when the last reader is done. A decode passes its
 * plaintext through the source's scratch arrays straight into pages and to the reader that
 * asked for it; the heap keeps no copy and makes no garbage of chunk size.
 *
 * <p>Beside the plaintext, a second LRU keeps the checkpoints of raw chunks decoded before
 * (about 0.4% of their size, budgeted at a sixteenth of the capacity). A read of such a chunk
 * whose plaintext was evicted then costs the 4 KiB segments it touches instead of the whole
 * chunk: what makes random reads over files larger than the cache affordable, since the
 * format's chunks average 1 MiB and SIV authenticates a whole chunk at once.
 */
public final class BlockCache implements AutoCloseable {
    public static final long DEFAULT_CAPACITY = 256L << 20;
    /**
     * A FUSE request (at most 128 KiB) spans two or three pages; smaller pages would waste
     * less of a chunk's last page (1.5% at 1 MiB chunks) but cost more copies per request.
     */
    static final int DEFAULT_PAGE_BYTES = 64 << 10;
    /** Per reading thread: the largest FUSE request is 128 KiB. */
    private static final ScratchPool RANGE_BUFFERS = new ScratchPool(128 << 10, 16);

    private final ChunkSource source;
    private final long capacity;
    private final PagePool pages;
    private final Object lock = new Object();
    private final LinkedHashMap<String, CachedChunk> lru = new LinkedHashMap<>(64, 0.75f, true); // guarded by lock
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, ChunkCheckpoints> checkpoints = new LinkedHashMap<>(64, 0.75f, true); // guarded by lock
    private final long checkpointCapacity;
    private final AtomicLong rangeReads = new AtomicLong();
    private long usedBytes; // guarded by lock: pages of cached chunks and of chunks being filled
    private long checkpointBytes; // guarded by lock
    private boolean closed; // guarded by lock

    public BlockCache(ChunkSource source, long capacityBytes) {
        this(source, capacityBytes, DEFAULT_PAGE_BYTES);
    }

    BlockCache(ChunkSource source, long capacityBytes, int pageBytes) {
        this(source, capacityBytes, new PagePool(pageBytes, Math.max(0, capacityBytes)));
    }

    BlockCache(ChunkSource source, long capacityBytes, PagePool pages) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative");
        }
        this.source = source;
        this.capacity = capacityBytes;
        this.pages = pages;
        this.checkpointCapacity = capacityBytes / 16;
    }

    /**
     * Copies {@code n} plaintext bytes at {@code offset} of the chunk to {@code sink} at
     * {@code sinkOffset}: from cached plaintext, else from the segments of a chunk with
     * checkpoints, else by decoding the whole chunk (which also caches it). With {@code random}
     * set (the reader jumps around) a raw chunk met for the first time is authenticated for its
     * checkpoints only and served from its segments, instead of entering the plaintext LRU:
     * random readers rarely come back to the rest of a 1 MiB chunk soon, and caching it would
     * only churn the cache.
     */
    public void read(ChunkRecord chunk, long offset, int n, ByteSink sink, int sinkOffset, boolean random) {
        String id = chunk.id();
        Copy copy = new Copy(id, offset, n, sink, sinkOffset);
        while (!copyCached(copy)) {
            if (!inFlight.containsKey(id) && readFromSegments(chunk, copy, random)) {
                return;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> theirs = inFlight.putIfAbsent(id, mine);
            if (theirs == null) {
                decode(chunk, mine, copy);
                join(mine);
                return;
            }
            // Their decode is cached now (or, under heavy churn, already evicted: look again).
            join(theirs);
        }
    }

    private boolean readFromSegments(ChunkRecord chunk, Copy copy, boolean random) {
        ChunkCheckpoints c = checkpointsOf(chunk.id());
        if (c == null && random && chunk.storedRaw()) {
            c = authenticate(chunk);
        }
        if (c == null) {
            return false;
        }
        if (readRange(c, copy.offset, copy.n, copy.sink, copy.sinkOffset)) {
            return true;
        }
        dropCheckpoints(chunk.id(), c);
        return false;
    }

    /** One reader's request: {@code n} bytes at {@code offset} of a chunk, to {@code sink} at {@code sinkOffset}. */
    private record Copy(String id, long offset, int n, ByteSink sink, int sinkOffset) {
        void check(int chunkLength) {
            if (offset < 0 || offset + n > chunkLength) {
                throw new VaultException(Failure.MALFORMED, "chunk " + id + " is shorter than the manifest says");
            }
        }
    }

    /** Serves the copy from cached pages; false on a miss. */
    private boolean copyCached(Copy copy) {
        CachedChunk c;
        synchronized (lock) {
            c = lru.get(copy.id);
            if (c == null) {
                return false;
            }
            c.pins++;
        }
        try {
            copy.check(c.length());
            c.copyTo(copy.offset, copy.n, copy.sink, copy.sinkOffset);
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

    /** Checkpoints for a raw chunk, kept; null (the caller decodes whole, reporting or repairing) on any failure. */
    private ChunkCheckpoints authenticate(ChunkRecord chunk) {
        ChunkCheckpoints c;
        try {
            c = source.checkpointsOnly(chunk);
        } catch (VaultException e) {
            return null;
        }
        if (c != null) {
            insertCheckpoints(chunk.id(), c);
        }
        return c;
    }

    private boolean readRange(ChunkCheckpoints c, long offset, int n, ByteSink sink, int sinkOffset) {
        byte[] buf = RANGE_BUFFERS.take();
        int used = 0;
        try {
            for (int done = 0; done < n; ) {
                int take = Math.min(buf.length, n - done);
                used = Math.max(used, take);
                if (!source.readVerified(c, offset + done, take, buf, 0)) {
                    return false;
                }
                sink.put(sinkOffset + done, buf, 0, take);
                done += take;
            }
            rangeReads.incrementAndGet();
            return true;
        } finally {
            Arrays.fill(buf, 0, used, (byte) 0);
            RANGE_BUFFERS.give(buf);
        }
    }

    /** Starts decoding the chunk on {@code executor} unless it is cached or already being decoded. */
    public void prefetch(ChunkRecord chunk, Executor executor) {
        String id = chunk.id();
        if (contains(id) || inFlight.containsKey(id)) {
            return;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (inFlight.putIfAbsent(id, mine) != null) {
            return;
        }
        try {
            executor.execute(() -> decode(chunk, mine, null));
        } catch (RejectedExecutionException e) {
            inFlight.remove(id, mine);
            mine.completeExceptionally(e);
        }
    }

    public boolean contains(String chunkId) {
        synchronized (lock) {
            return lru.containsKey(chunkId);
        }
    }

    public long usedBytes() {
        synchronized (lock) {
            return usedBytes;
        }
    }

    public long capacity() {
        return capacity;
    }

    /** How many reads were served from segments of a chunk rather than its whole plaintext. */
    public long rangeReads() {
        return rangeReads.get();
    }

    public boolean hasCheckpoints(String chunkId) {
        synchronized (lock) {
            return checkpoints.containsKey(chunkId);
        }
    }

    /** Forgets a chunk's plaintext (not its checkpoints), as eviction would. */
    public void evict(String chunkId) {
        CachedChunk free;
        synchronized (lock) {
            CachedChunk old = lru.remove(chunkId);
            free = old == null ? null : unlink(old);
        }
        if (free != null) {
            pages.give(free.pages());
        }
    }

    /** Native bytes the cache has allocated so far: at most its capacity, whatever was read. */
    public long allocatedBytes() {
        return pages.allocatedBytes();
    }

    /** Marks an entry removed from the LRU as evicted; returns it when its pages can go back to the pool now. */
    private CachedChunk unlink(CachedChunk c) {
        c.evicted = true;
        usedBytes -= (long) c.pages().length * pages.pageBytes();
        return c.pins == 0 ? c : null;
    }

    ChunkCheckpoints checkpointsOf(String id) {
        synchronized (lock) {
            return checkpoints.get(id);
        }
    }

    private void dropCheckpoints(String id, ChunkCheckpoints c) {
        synchronized (lock) {
            if (checkpoints.remove(id, c)) {
                checkpointBytes -= c.retainedBytes();
            }
        }
        c.destroy();
    }

    /**
     * Authenticates the chunk in the calling thread only to keep its checkpoints; no plaintext
     * is cached, so a background pass over a large file does not push hot chunks out. False
     * when there was nothing to do or it failed (a foreground read will meet and report the
     * failure). A foreground read racing it may decode the same chunk too; both results agree.
     */
    public boolean verifyForRanges(ChunkRecord chunk) {
        String id = chunk.id();
        synchronized (lock) {
            if (closed || lru.containsKey(id) || checkpoints.containsKey(id)) {
                return false;
            }
        }
        if (inFlight.containsKey(id)) {
            return false;
        }
        return authenticate(chunk) != null;
    }

    public long checkpointCapacity() {
        return checkpointCapacity;
    }

    /**
     * Decodes the chunk in the calling thread, caches it, serves {@code copy} (if any) from the
     * fresh plaintext, then completes {@code mine}. Never throws: failures go to {@code mine},
     * where the caller and every reader waiting on it meet them.
     */
    private void decode(ChunkRecord chunk, CompletableFuture<Void> mine, Copy copy) {
        String id = chunk.id();
        try {
            // Between our miss and winning the slot another decode may have finished.
            if (copy != null ? copyCached(copy) : contains(id)) {
                mine.complete(null);
                return;
            }
            ChunkCheckpoints checkpoints = source.decodeInto(chunk, (plain, off, len) -> {
                insert(id, plain, off, len); // before leaving the in-flight map, so no window decodes twice
                if (copy != null) {
                    copy.check(len);
                    copy.sink.put(copy.sinkOffset, plain, off + (int) copy.offset, copy.n);
                }
            });
            if (checkpoints != null) {
                insertCheckpoints(id, checkpoints);
            }
            mine.complete(null);
        } catch (Throwable t) {
            mine.completeExceptionally(t);
        } finally {
            inFlight.remove(id, mine);
        }
    }

    /**
     * Copies the plaintext into pages, evicting least recently used chunks to make room. Not
     * cached (only served) when it exceeds the capacity or when readers pin so much that no
     * room can be made.
     */
    private void insert(String id, byte[] plain, int off, int len) {
        int need = pages.pagesFor(len);
        // Pages of unpinned chunks evicted here: reused as they are (fill overwrites them) or
        // wiped and pooled at the end.
        List<ByteBuffer> spare = new ArrayList<>();
        try {
            CachedChunk fresh;
            synchronized (lock) {
                if (closed || need > pages.maxPages() || lru.containsKey(id)) {
                    return;
                }
                Iterator<CachedChunk> it = lru.values().iterator();
                while (pages.available() + spare.size() < need && it.hasNext()) {
                    CachedChunk eldest = it.next();
                    it.remove();
                    if (unlink(eldest) != null) {
                        Collections.addAll(spare, eldest.pages());
                    }
                }
                ByteBuffer[] mine = takePages(need, spare);
                if (mine == null) {
                    return;
                }
                fresh = new CachedChunk(mine, pages.pageBytes(), len);
                fresh.pins = 1; // not visible while being filled, but its pages are counted
                usedBytes += (long) need * pages.pageBytes();
            }
            fresh.fill(plain, off);
            synchronized (lock) {
                fresh.pins = 0;
                if (closed) {
                    unlink(fresh);
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

    private void insertCheckpoints(String id, ChunkCheckpoints c) {
        List<ChunkCheckpoints> dropped = new ArrayList<>();
        synchronized (lock) {
            if (closed || c.retainedBytes() > checkpointCapacity) {
                dropped.add(c);
            } else if (checkpoints.get(id) != null) {
                // Kept, the fresh ones dropped: the kept ones are long-lived objects already,
                // and replacing them on every sequential pass left the old generation
                // collecting a pass's worth of dead checkpoints each time. Still valid: when the
                // stored bytes change, a range read fails against them and drops them.
                dropped.add(c);
            } else {
                checkpoints.put(id, c);
                checkpointBytes += c.retainedBytes();
                Iterator<Map.Entry<String, ChunkCheckpoints>> it = checkpoints.entrySet().iterator();
                while (checkpointBytes > checkpointCapacity && it.hasNext()) {
                    ChunkCheckpoints eldest = it.next().getValue();
                    checkpointBytes -= eldest.retainedBytes();
                    dropped.add(eldest);
                    it.remove();
                }
            }
        }
        // A reader still using one sees it destroyed and falls back to a full decode.
        dropped.forEach(ChunkCheckpoints::destroy);
    }

    private static void join(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
            return r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(c);
    }

    /**
     * Drops every cached plaintext and wipes its pages (those a straggling reader still pins
     * when it is done); called once nothing should read any more.
     */
    @Override
    public void close() {
        List<CachedChunk> free = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            for (CachedChunk c : lru.values()) {
                if (unlink(c) != null) {
                    free.add(c);
                }
            }
            lru.clear();
            checkpoints.values().forEach(ChunkCheckpoints::destroy);
            checkpoints.clear();
            checkpointBytes = 0;
        }
        for (CachedChunk c : free) {
            pages.give(c.pages());
        }
    }
}

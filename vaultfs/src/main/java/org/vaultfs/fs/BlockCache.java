package org.vaultfs.fs;

import java.util.Arrays;
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
import org.vaultfs.container.DecodedChunk;
import org.vaultfs.container.ScratchPool;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Bounded LRU of decoded chunk plaintext, keyed by chunk id and sized in bytes. Decoding a
 * chunk costs a block read, AES-GCM-SIV and zstd, so concurrent requests for the same chunk
 * share one in-flight future instead of each decoding it. Failures are not cached: a damaged
 * block is retried on the next read (a repairing {@link ChunkSource} may succeed later).
 *
 * <p>Beside the plaintext, a second LRU keeps the checkpoints of raw chunks decoded before
 * (about 0.4% of their size, budgeted at a sixteenth of the capacity). A read of such a chunk
 * whose plaintext was evicted then costs the 4 KiB segments it touches instead of the whole
 * chunk: what makes random reads over files larger than the cache affordable, since the
 * format's chunks average 1 MiB and SIV authenticates a whole chunk at once.
 */
public final class BlockCache implements AutoCloseable {
    public static final long DEFAULT_CAPACITY = 256L << 20;
    /** Per reading thread: the largest FUSE request is 128 KiB. */
    private static final ScratchPool RANGE_BUFFERS = new ScratchPool(128 << 10, 16);

    private final ChunkSource source;
    private final long capacity;
    private final Object lock = new Object();
    private final LinkedHashMap<String, byte[]> lru = new LinkedHashMap<>(64, 0.75f, true); // guarded by lock
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, ChunkCheckpoints> checkpoints = new LinkedHashMap<>(64, 0.75f, true); // guarded by lock
    private final long checkpointCapacity;
    private final AtomicLong rangeReads = new AtomicLong();
    private long usedBytes; // guarded by lock
    private long checkpointBytes; // guarded by lock
    private boolean closed; // guarded by lock

    public BlockCache(ChunkSource source, long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative");
        }
        this.source = source;
        this.capacity = capacityBytes;
        this.checkpointCapacity = capacityBytes / 16;
    }

    /**
     * Copies {@code n} plaintext bytes at {@code offset} of the chunk to {@code sink} at
     * {@code sinkOffset}: from cached plaintext, else from the segments of a chunk with
     * checkpoints, else by decoding the whole chunk (which also caches it). With {@code random}
     * set (the reader jumps around) a raw chunk met for the first time is authenticated for its
     * checkpoints only and served from its segments, instead of entering the plaintext LRU:
     * random readers rarely come back to the rest of a 1 MiB chunk soon, and caching it would
     * only churn the cache (and the heap: full collections next to a full cache).
     */
    public void read(ChunkRecord chunk, long offset, int n, ByteSink sink, int sinkOffset, boolean random) {
        String id = chunk.id();
        byte[] plain = cached(id);
        if (plain == null && !inFlight.containsKey(id)) {
            ChunkCheckpoints c = checkpointsOf(id);
            if (c == null && random && chunk.storedRaw()) {
                c = authenticate(chunk);
            }
            if (c != null) {
                if (readRange(c, offset, n, sink, sinkOffset)) {
                    return;
                }
                dropCheckpoints(id, c);
            }
        }
        if (plain == null) {
            plain = get(chunk);
        }
        if (offset < 0 || offset + n > plain.length) {
            throw new VaultException(Failure.MALFORMED, "chunk " + id + " is shorter than the manifest says");
        }
        sink.put(sinkOffset, plain, (int) offset, n);
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

    /** The chunk's plaintext, decoding it in the calling thread if no one else is. Callers must not modify it. */
    public byte[] get(ChunkRecord chunk) {
        byte[] hit = cached(chunk.id());
        if (hit != null) {
            return hit;
        }
        CompletableFuture<byte[]> f = load(chunk, Runnable::run);
        try {
            return f.join();
        } catch (CompletionException e) {
            throw unwrap(e);
        }
    }

    /** Starts decoding the chunk on {@code executor} unless it is cached or already being decoded. */
    public void prefetch(ChunkRecord chunk, Executor executor) {
        if (cached(chunk.id()) == null) {
            load(chunk, executor);
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
        synchronized (lock) {
            byte[] old = lru.remove(chunkId);
            if (old != null) {
                usedBytes -= old.length;
            }
        }
    }

    private ChunkCheckpoints checkpointsOf(String id) {
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

    private byte[] cached(String id) {
        synchronized (lock) {
            return lru.get(id);
        }
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

    private CompletableFuture<byte[]> load(ChunkRecord chunk, Executor executor) {
        String id = chunk.id();
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> theirs = inFlight.putIfAbsent(id, mine);
        if (theirs != null) {
            return theirs;
        }
        // Between our cache miss and winning the slot another loader may have finished.
        byte[] hit = cached(id);
        if (hit != null) {
            mine.complete(hit);
            inFlight.remove(id, mine);
            return mine;
        }
        Runnable task = () -> {
            try {
                DecodedChunk decoded = source.decodeWithCheckpoints(chunk);
                byte[] plain = decoded.plaintext();
                insert(id, plain); // before leaving the in-flight map, so no window decodes twice
                if (decoded.checkpoints() != null) {
                    insertCheckpoints(id, decoded.checkpoints());
                }
                mine.complete(plain);
            } catch (Throwable t) {
                mine.completeExceptionally(t);
            } finally {
                inFlight.remove(id, mine);
            }
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            mine.completeExceptionally(e);
            inFlight.remove(id, mine);
        }
        return mine;
    }

    private void insert(String id, byte[] plain) {
        synchronized (lock) {
            if (closed || plain.length > capacity) {
                return; // too big to keep: served to its readers, then dropped
            }
            byte[] old = lru.put(id, plain);
            if (old != null) {
                usedBytes -= old.length;
            }
            usedBytes += plain.length;
            Iterator<Map.Entry<String, byte[]>> it = lru.entrySet().iterator();
            while (usedBytes > capacity && it.hasNext()) {
                Map.Entry<String, byte[]> eldest = it.next();
                // Evicted arrays are not wiped: a reader may still be copying from one.
                usedBytes -= eldest.getValue().length;
                it.remove();
            }
        }
    }

    private void insertCheckpoints(String id, ChunkCheckpoints c) {
        List<ChunkCheckpoints> dropped = new ArrayList<>();
        synchronized (lock) {
            if (closed || c.retainedBytes() > checkpointCapacity) {
                dropped.add(c);
            } else {
                ChunkCheckpoints old = checkpoints.put(id, c);
                if (old != null) {
                    checkpointBytes -= old.retainedBytes();
                    dropped.add(old);
                }
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

    /** Drops and zeroes every cached plaintext; called once nothing can read any more. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            for (byte[] b : lru.values()) {
                Arrays.fill(b, (byte) 0);
            }
            lru.clear();
            usedBytes = 0;
            checkpoints.values().forEach(ChunkCheckpoints::destroy);
            checkpoints.clear();
            checkpointBytes = 0;
        }
    }
}

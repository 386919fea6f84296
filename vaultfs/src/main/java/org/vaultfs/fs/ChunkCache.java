package org.vaultfs.fs;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.vaultfs.container.ChunkCheckpoints;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.bytes.ScratchPool;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Serves byte ranges of decoded chunks (SPEC.md's plaintext units) to the filesystem's
 * readers: from cached plaintext ({@link PlaintextCache}), else from the authenticated
 * segments of a raw chunk seen before ({@link CheckpointCache}, a sixteenth of the budget),
 * else by decoding the whole chunk from its {@link ChunkSource} and caching it. Decoding costs
 * a block read, AES-GCM-SIV and zstd, so concurrent requests for one chunk share one decode
 * ({@link SingleFlight}). Failures are not cached: a damaged block is retried on the next read
 * (a repairing source may succeed later). Which path a read prefers is its caller's policy:
 * {@link #read}'s {@code random} flag.
 */
public final class ChunkCache implements AutoCloseable {
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
    private final PlaintextCache plaintext;
    private final CheckpointCache checkpoints;
    private final SingleFlight<String> decodes = new SingleFlight<>();
    private final AtomicLong rangeReads = new AtomicLong();
    private volatile boolean closed;

    public ChunkCache(ChunkSource source, long capacityBytes) {
        this(source, capacityBytes, DEFAULT_PAGE_BYTES);
    }

    ChunkCache(ChunkSource source, long capacityBytes, int pageBytes) {
        this(source, capacityBytes, new PagePool(pageBytes, Math.max(0, capacityBytes)));
    }

    ChunkCache(ChunkSource source, long capacityBytes, PagePool pages) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative");
        }
        this.source = source;
        this.capacity = capacityBytes;
        this.plaintext = new PlaintextCache(pages);
        this.checkpoints = new CheckpointCache(capacityBytes / 16);
    }

    /** One reader's request: {@code n} bytes at {@code offset} of a chunk, to {@code sink} at {@code sinkOffset}. */
    record Copy(String id, long offset, int n, ByteSink sink, int sinkOffset) {
        void check(int chunkLength) {
            if (offset < 0 || offset + n > chunkLength) {
                throw new VaultException(Failure.MALFORMED, "chunk " + id + " is shorter than the manifest says");
            }
        }
    }

    /**
     * Copies {@code n} plaintext bytes at {@code offset} of the chunk to {@code sink} at
     * {@code sinkOffset}. With {@code random} set (the caller judged that its reader jumps
     * around) a raw chunk met for the first time is authenticated for its checkpoints only and
     * served from its segments, instead of entering the plaintext cache: random readers rarely
     * come back to the rest of a 1 MiB chunk soon, and caching it would only churn the cache.
     */
    public void read(ChunkRecord chunk, long offset, int n, ByteSink sink, int sinkOffset, boolean random) {
        String id = chunk.id();
        Copy copy = new Copy(id, offset, n, sink, sinkOffset);
        while (!plaintext.copyTo(copy)) {
            if (!decodes.busy(id) && readFromSegments(chunk, copy, random)) {
                return;
            }
            CompletableFuture<Void> mine = decodes.claim(id);
            if (mine != null) {
                decode(chunk, mine, copy);
                SingleFlight.await(mine);
                return;
            }
            CompletableFuture<Void> theirs = decodes.current(id);
            if (theirs != null) {
                // Their decode is cached now (or, under heavy churn, already evicted: look again).
                SingleFlight.await(theirs);
            }
        }
    }

    private boolean readFromSegments(ChunkRecord chunk, Copy copy, boolean random) {
        ChunkCheckpoints c = checkpoints.get(chunk.id());
        if (c == null && random && chunk.storedRaw()) {
            c = authenticate(chunk);
        }
        if (c == null) {
            return false;
        }
        if (readRange(c, copy)) {
            return true;
        }
        checkpoints.drop(chunk.id(), c);
        return false;
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
            checkpoints.put(chunk.id(), c);
        }
        return c;
    }

    private boolean readRange(ChunkCheckpoints c, Copy copy) {
        byte[] buf = RANGE_BUFFERS.take();
        int used = 0;
        try {
            for (int done = 0; done < copy.n(); ) {
                int take = Math.min(buf.length, copy.n() - done);
                used = Math.max(used, take);
                if (!source.readVerified(c, copy.offset() + done, take, buf, 0)) {
                    return false;
                }
                copy.sink().put(copy.sinkOffset() + done, buf, 0, take);
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
        if (contains(id) || decodes.busy(id)) {
            return;
        }
        CompletableFuture<Void> mine = decodes.claim(id);
        if (mine == null) {
            return;
        }
        try {
            executor.execute(() -> decode(chunk, mine, null));
        } catch (RejectedExecutionException e) {
            decodes.finish(id, mine, e);
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
        if (closed || plaintext.contains(id) || checkpoints.contains(id) || decodes.busy(id)) {
            return false;
        }
        return authenticate(chunk) != null;
    }

    /**
     * Decodes the chunk in the calling thread, caches it, serves {@code copy} (if any) from the
     * fresh plaintext, then finishes {@code mine}. Never throws: failures go to {@code mine},
     * where the caller and every reader waiting on it meet them.
     */
    private void decode(ChunkRecord chunk, CompletableFuture<Void> mine, Copy copy) {
        String id = chunk.id();
        Throwable failure = null;
        try {
            // Between our miss and winning the slot another decode may have finished.
            if (copy != null ? plaintext.copyTo(copy) : contains(id)) {
                return;
            }
            if (source.decodesIntoPages(chunk) && decodeIntoPages(chunk, copy)) {
                return;
            }
            ChunkCheckpoints c = source.decodeInto(chunk, (plain, off, len) -> {
                plaintext.insert(id, plain, off, len); // before leaving the in-flight set, so no window decodes twice
                if (copy != null) {
                    copy.check(len);
                    copy.sink().put(copy.sinkOffset(), plain, off + (int) copy.offset(), copy.n());
                }
            });
            if (c != null) {
                checkpoints.put(id, c);
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            decodes.finish(id, mine, failure);
        }
    }

    /**
     * Decodes the chunk straight into cache pages, serves {@code copy} from them before any
     * other reader sees them, then publishes them. False (nothing decoded) when the chunk
     * cannot be cached now; the caller then decodes through the heap and serves from there.
     */
    private boolean decodeIntoPages(ChunkRecord chunk, Copy copy) {
        String id = chunk.id();
        int len = (int) chunk.plaintextLen(); // a raw chunk's plaintext is its block, which fits an int
        CachedChunk fresh = plaintext.reserve(id, len);
        if (fresh == null) {
            return false;
        }
        boolean done = false;
        try {
            ChunkCheckpoints c = source.decodeIntoPages(chunk, fresh.pages(), fresh.pageBytes());
            if (copy != null) {
                copy.check(len);
                fresh.copyTo(copy.offset(), copy.n(), copy.sink(), copy.sinkOffset());
            }
            if (c != null) {
                checkpoints.put(id, c);
            }
            done = true;
        } finally {
            if (done) {
                plaintext.publish(id, fresh); // before leaving the in-flight set, so no window decodes twice
            } else {
                plaintext.abandon(fresh);
            }
        }
        return true;
    }

    public boolean contains(String chunkId) {
        return plaintext.contains(chunkId);
    }

    /** Whether a read of {@code chunk} would fetch 4 KiB segments: its checkpoints are kept, its plaintext is not. */
    boolean readsBySegments(ChunkRecord chunk) {
        return !closed && checkpoints.contains(chunk.id()) && !plaintext.contains(chunk.id());
    }

    /** Native bytes held by cached plaintext (and chunks being filled). */
    public long usedBytes() {
        return plaintext.usedBytes();
    }

    /** Native bytes the cache has allocated so far: at most its capacity, whatever was read. */
    public long allocatedBytes() {
        return plaintext.allocatedBytes();
    }

    public long capacity() {
        return capacity;
    }

    public long checkpointCapacity() {
        return checkpoints.capacity();
    }

    /** How many reads were served from segments of a chunk rather than its whole plaintext. */
    public long rangeReads() {
        return rangeReads.get();
    }

    public boolean hasCheckpoints(String chunkId) {
        return checkpoints.contains(chunkId);
    }

    ChunkCheckpoints checkpointsOf(String id) {
        return checkpoints.get(id);
    }

    /** Forgets a chunk's plaintext (not its checkpoints), as eviction would. */
    public void evict(String chunkId) {
        plaintext.evict(chunkId);
    }

    /**
     * Drops every cached plaintext and checkpoint and wipes them (pages a straggling reader
     * still pins when it is done); called once nothing should read any more.
     */
    @Override
    public void close() {
        closed = true;
        plaintext.close();
        checkpoints.close();
    }
}

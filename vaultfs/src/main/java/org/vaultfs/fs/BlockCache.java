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
import org.vaultfs.container.ChunkRecord;

/**
 * Bounded LRU of decoded chunk plaintext, keyed by chunk id and sized in bytes. Decoding a
 * chunk costs a block read, AES-GCM-SIV and zstd, so concurrent requests for the same chunk
 * share one in-flight future instead of each decoding it. Failures are not cached: a damaged
 * block is retried on the next read (a repairing {@link ChunkSource} may succeed later).
 */
public final class BlockCache implements AutoCloseable {
    public static final long DEFAULT_CAPACITY = 256L << 20;

    private final ChunkSource source;
    private final long capacity;
    private final Object lock = new Object();
    private final LinkedHashMap<String, byte[]> lru = new LinkedHashMap<>(64, 0.75f, true); // guarded by lock
    private final ConcurrentHashMap<String, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
    private long usedBytes; // guarded by lock
    private boolean closed; // guarded by lock

    public BlockCache(ChunkSource source, long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("cache capacity must not be negative");
        }
        this.source = source;
        this.capacity = capacityBytes;
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

    private byte[] cached(String id) {
        synchronized (lock) {
            return lru.get(id);
        }
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
                byte[] plain = source.decode(chunk);
                insert(id, plain); // before leaving the in-flight map, so no window decodes twice
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
        }
    }
}

package org.vaultfs.fs;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;

/**
 * Background decode of the chunks after the one a sequential reader is in, so the next
 * FUSE request finds its plaintext ready. A small pool and a soft cap on queued work keep
 * prefetching from ever competing with foreground reads for more than a couple of cores.
 */
public final class ReadAhead implements AutoCloseable {
    private static final int MAX_QUEUED = 8;

    private final BlockCache cache;
    private final int depth;
    private final ThreadPoolExecutor executor;

    public ReadAhead(BlockCache cache, int threads, int depth) {
        this.cache = cache;
        this.depth = depth;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vaultfs-readahead-" + n.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive after unmount
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Queues the {@code depth} chunks following chunk {@code current} of {@code layout}. */
    public void after(EntryLayout layout, int current) {
        int last = Math.min(layout.chunkCount() - 1, current + depth);
        for (int i = current + 1; i <= last; i++) {
            if (executor.getQueue().size() >= MAX_QUEUED || executor.isShutdown()) {
                return;
            }
            ChunkRecord r = layout.chunk(i);
            cache.prefetch(r, executor);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

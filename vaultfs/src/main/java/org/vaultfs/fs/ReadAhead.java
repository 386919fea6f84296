package org.vaultfs.fs;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;

/**
 * Keeps a sequential reader's next chunks on their way: the chunks right after the one it is
 * in are decoded in the background, so the next FUSE request finds its plaintext ready, and
 * the vault-file bytes of the chunks after those are announced to the kernel, so the disk
 * reads them while the CPU decodes. Decoding is CPU work and gets a small pool and a soft cap
 * on queued work, which keeps it from competing with foreground reads for more than a couple
 * of cores; disk hints cost no CPU and reach further.
 *
 * <p>Chunks a sequential reader has left behind are dropped from the cache's plaintext LRU:
 * the kernel's page cache holds what was served (the mount uses kernel_cache), so keeping
 * them only fills the heap with arrays of about 1 MiB that the collector must then trace and
 * move, and evicts chunks that random readers still use. The cache keeps their checkpoints,
 * so a page the kernel later drops is a cheap range read, not a whole-chunk decode.
 */
public final class ReadAhead implements AutoCloseable {
    /** A reader that jumped far ahead within the window does not make one call evict a file's worth. */
    private static final int MAX_DROPS_PER_STEP = 16;

    /**
     * threads: decoders; decodeDepth: chunks decoded ahead of the reader; hintDepth: chunks
     * announced to the disk ahead of it; maxQueued: soft cap on queued decodes; dropBehind:
     * how many bytes behind the reader's chunk a chunk must end to leave the plaintext cache
     * (0: never).
     */
    record Tuning(int threads, int decodeDepth, int hintDepth, int maxQueued, long dropBehind) {
        Tuning {
            if (threads < 1 || decodeDepth < 0 || hintDepth < 0 || maxQueued < 0 || dropBehind < 0) {
                throw new IllegalArgumentException("invalid read-ahead tuning " + this);
            }
        }

        /**
         * From the 1 GiB cold sequential read (docs/bench/mount.sh) on 2 cores: one decoder
         * per core, at most 3 as before; a third on 2 cores only adds switching against the
         * FUSE threads and the reader, which need the same cores. Four chunks (~5 MiB) decoded
         * ahead cover the kernel's 1 MiB window with margin; eight announced to the disk
         * (~10 MiB) keep it busy through a decode. Chunks leave the cache once they end
         * further behind than the kernel's requests can arrive out of order (the sequential
         * detector's window).
         */
        static Tuning forCores(int cores) {
            return new Tuning(Math.max(1, Math.min(3, cores)), 4, 8, 8, SequentialDetector.WINDOW);
        }
    }

    private final ChunkCache cache;
    private final Tuning tuning;
    private final ThreadPoolExecutor executor;
    private final DiskHints disk;
    private final long dataOffset;
    // The last stream hinted and how far: a reader crosses a chunk every ~8 FUSE requests,
    // so most calls find nothing new to announce. Racy on purpose: a lost update only means
    // a range is announced twice, which the kernel treats as a no-op.
    private volatile EntryLayout hintedLayout;
    private volatile int hintedThrough = -1;
    // Likewise for dropping: the stream last dropped from and through which chunk.
    private volatile EntryLayout droppedLayout;
    private volatile int droppedThrough = -1;
    private final AtomicInteger pendingEvictions = new AtomicInteger();

    /** {@code dataOffset}: where the vault's data section starts, to turn records into file ranges. */
    ReadAhead(ChunkCache cache, Tuning tuning, DiskHints disk, long dataOffset) {
        this.cache = cache;
        this.tuning = tuning;
        this.disk = disk;
        this.dataOffset = dataOffset;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(tuning.threads(), tuning.threads(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vaultfs-readahead-" + n.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive after unmount
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Called for each sequential read that reached chunk {@code current} of {@code layout}. */
    public void after(EntryLayout layout, int current) {
        hintDisk(layout, current);
        dropBehind(layout, current);
        int last = Math.min(layout.chunkCount() - 1, current + tuning.decodeDepth());
        for (int i = current + 1; i <= last; i++) {
            if (executor.getQueue().size() >= tuning.maxQueued() || executor.isShutdown()) {
                return;
            }
            ChunkRecord r = layout.chunk(i);
            cache.prefetch(r, executor);
        }
    }

    /**
     * Drops the chunks that end at least {@code dropBehind} bytes before chunk {@code current}
     * starts, from where the last call for this stream stopped: the boundary moves by one or
     * two chunks per step of the reader, as chunk sizes differ.
     */
    private void dropBehind(EntryLayout layout, int current) {
        long pos = layout.chunkStartInFile(current) - tuning.dropBehind();
        if (tuning.dropBehind() == 0 || pos < 0) {
            return;
        }
        int behind = layout.chunkAt(pos) - 1; // ends at or before pos
        int from = behind; // a new stream: what it passed before may be another reader's
        if (droppedLayout == layout) {
            int done = droppedThrough;
            if (behind <= done) {
                return;
            }
            from = Math.max(done + 1, behind - MAX_DROPS_PER_STEP + 1);
        }
        droppedLayout = layout;
        droppedThrough = behind;
        String[] ids = new String[behind - Math.max(0, from) + 1];
        for (int i = Math.max(0, from); i <= behind; i++) {
            ids[i - Math.max(0, from)] = layout.chunk(i).id();
        }
        // Eviction wipes the pages, a write of every byte read: on the decoders' thread it no
        // longer holds up the FUSE thread, which serving a cold sequential read keeps busy
        // (perf: the wipe cost it as much as copying the bytes out).
        pendingEvictions.incrementAndGet();
        try {
            executor.execute(() -> evict(ids));
        } catch (RejectedExecutionException e) {
            evict(ids);
        }
    }

    private void evict(String[] ids) {
        try {
            for (String id : ids) {
                cache.evict(id);
            }
        } finally {
            pendingEvictions.decrementAndGet();
        }
    }

    /** Waits until every drop decided so far has happened (tests: eviction runs on the decoders' thread). */
    void awaitEvictions() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pendingEvictions.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("evictions did not finish within 10 s");
            }
            Thread.sleep(1);
        }
    }

    /**
     * Announces the blocks of chunks current+1 .. current+hintDepth not yet announced for this
     * stream, one range per run of blocks adjacent in the vault file (a file's blocks usually
     * are, unless deduplicated against another file's).
     */
    private void hintDisk(EntryLayout layout, int current) {
        int last = Math.min(layout.chunkCount() - 1, current + tuning.hintDepth());
        int from = current + 1;
        if (hintedLayout == layout) {
            int done = hintedThrough;
            if (last <= done) {
                return;
            }
            from = Math.max(from, done + 1);
        }
        if (from > last) {
            return;
        }
        hintedLayout = layout;
        hintedThrough = last;
        long start = -1;
        long end = -1;
        for (int i = from; i <= last; i++) {
            ChunkRecord r = layout.chunk(i);
            long s = dataOffset + r.dataOffset();
            if (s != end && start >= 0) {
                disk.willNeed(start, end - start);
                start = -1;
            }
            if (start < 0) {
                start = s;
            }
            end = s + r.recordLen();
        }
        disk.willNeed(start, end - start);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disk.close();
        }
    }
}

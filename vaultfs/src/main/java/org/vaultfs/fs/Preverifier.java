package org.vaultfs.fs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;

/**
 * Authenticates, on one background thread and in file order, the raw chunks of a file being
 * read at random, keeping only their checkpoints. A random read of a chunk never decoded must
 * fetch and authenticate the whole chunk (about 1 MiB) at a random disk position; walking the
 * file front to back instead reads the disk sequentially, and afterwards every random read
 * costs one 4 KiB segment. Only files whose checkpoints fit comfortably in the cache's
 * checkpoint budget qualify, so the pass never evicts its own work; compressed chunks are
 * skipped (they cannot be read in parts).
 *
 * <p>Chunks whose checkpoints are already kept (the file was read through before) need no
 * authentication, but their stored bytes may long have left the page cache, and then every
 * random read waits on the disk for its 4 KiB segments at a random place. For those the pass
 * asks the kernel to read the chunks in, in file order ({@link DiskHints}): one sequential
 * stream in the background instead. Cold vault file, one reader's O_DIRECT 4 KiB reads of a
 * 256 MiB file read through once before: see docs/BENCHMARKS.md.
 */
final class Preverifier implements AutoCloseable {
    /** Checkpoints cost about 4 KiB per MiB of raw chunk; keep to half the budget per file. */
    private static final long CHECKPOINT_BYTES_PER_CHUNK_BYTE_DIVISOR = 256;

    private final ChunkCache cache;
    private final ThreadPoolExecutor executor;
    /**
     * Non-sequential reads a file takes before its pass starts: a program that seeks a few
     * times (a zip reader fetching its directory) does not pay for a whole-file pass.
     */
    static final int TRIGGER = 16;

    private final ConcurrentHashMap<String, AtomicInteger> randomReads = new ConcurrentHashMap<>();
    /** Files with a pass queued or running. */
    private final ConcurrentHashMap<String, Boolean> passes = new ConcurrentHashMap<>();
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong hinted = new AtomicLong();
    private final DiskHints disk;
    private final long dataOffset;

    /** {@code dataOffset}: where the vault's data section starts, to turn records into file ranges. */
    Preverifier(ChunkCache cache, DiskHints disk, long dataOffset) {
        this.cache = cache;
        this.disk = disk;
        this.dataOffset = dataOffset;
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "vaultfs-preverify");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Notes a non-sequential read through {@code file}. The file's {@link #TRIGGER}th over the
     * mount's life queues the pass (a program may open the file for each read), and so does
     * each handle's: a file read at random again later (a new open, its pages meanwhile gone
     * from the page cache) gets its stored bytes hinted in again. One pass per file at a time: a
     * pass already queued or running for it is not queued twice.
     */
    void randomReadOf(OpenFile file) {
        EntryLayout layout = file.layout();
        if (layout.size() / CHECKPOINT_BYTES_PER_CHUNK_BYTE_DIVISOR > cache.checkpointCapacity() / 2) {
            return;
        }
        String path = layout.entry().path();
        int ofFile = randomReads.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        int ofHandle = file.countRandomRead();
        if (ofFile != TRIGGER && ofHandle != TRIGGER || executor.isShutdown()) {
            return;
        }
        if (passes.putIfAbsent(path, Boolean.TRUE) != null) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    walk(layout);
                } finally {
                    passes.remove(path);
                }
            });
        } catch (RejectedExecutionException e) {
            passes.remove(path); // closing
        }
    }

    private void walk(EntryLayout layout) {
        for (int i = 0; i < layout.chunkCount() && !executor.isShutdown(); i++) {
            ChunkRecord c = layout.chunk(i);
            if (!c.storedRaw()) {
                continue;
            }
            if (cache.readsBySegments(c)) {
                disk.willNeed(dataOffset + c.dataOffset(), c.recordLen());
                hinted.incrementAndGet();
            } else if (cache.verifyForRanges(c)) {
                verified.incrementAndGet();
            }
        }
    }

    /** Chunks whose stored bytes background passes asked the kernel to read in, their checkpoints being kept already. */
    long hintedChunks() {
        return hinted.get();
    }

    /** Chunks authenticated by background passes so far. */
    long verifiedChunks() {
        return verified.get();
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

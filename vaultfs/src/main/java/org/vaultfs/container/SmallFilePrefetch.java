package org.vaultfs.container;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.vaultfs.packing.SmallFilePack;

/**
 * Asks the kernel to start reading each small file into the page cache soon after the walk
 * finds it ({@link NativeFileRead#prefetch}). The small files are read only after every large
 * file (SPEC 8.4): in a cold seal of the peers corpus their phase left up to a third of its CPU
 * idle, waiting on those reads, while the disk had little to do during the large files.
 *
 * <p>The hints are given on a thread of their own: each can wait for the disk's queue, and on
 * the walk's thread they held the walk, and everything after it, back. Finds are handed over
 * without waiting: when the queue is full the file is simply not hinted. At most {@link #BUDGET}
 * bytes are hinted, so a huge tree is not read far ahead of what the page cache keeps, and the
 * hints stop after {@link #WARM} files in a row whose first bytes were cached already (a tree
 * read lately: hinting its 36,000 small files cost a warm seal about 0.15 s). Nothing depends on
 * a hint: the files are still opened, checked and read as before.
 */
final class SmallFilePrefetch implements AutoCloseable {
    static final long BUDGET = 512L << 20;
    private static final int QUEUE = 4096;
    /** This many files in a row found in the page cache already, and the rest are taken to be there too. */
    static final int WARM = 256;

    private final BlockingQueue<Path> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicInteger hinted = new AtomicInteger();
    private final Thread thread = new Thread(this::run, "vaultfs-prefetch");
    private long left;
    private volatile boolean closed;

    private SmallFilePrefetch(long budget) {
        left = budget;
    }

    /**
     * A prefetch with its thread started, or null where files are not read in C or
     * {@code -Dvaultfs.seal.prefetch=false} turns it off (to measure without it).
     */
    static SmallFilePrefetch start() {
        return Boolean.parseBoolean(System.getProperty("vaultfs.seal.prefetch", "true")) ? start(BUDGET) : null;
    }

    static SmallFilePrefetch start(long budget) {
        if (!NativeFileRead.available()) {
            return null;
        }
        SmallFilePrefetch p = new SmallFilePrefetch(budget);
        p.thread.setDaemon(true);
        p.thread.start();
        return p;
    }

    /** Files handed to the kernel so far (tests). */
    int hinted() {
        return hinted.get();
    }

    /** Whether the thread has ended within {@code millis} (tests). */
    boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    /** Queues {@code f} when it is a small regular file and the budget allows; never waits. */
    void found(SourceTree.File f) {
        if (closed || left <= 0 || f.stat() == null || !f.stat().isRegularFile()) {
            return;
        }
        long size = f.stat().size();
        if (size <= 0 || size >= SmallFilePack.SMALL_FILE_THRESHOLD) {
            return;
        }
        if (queue.offer(f.path())) {
            left -= size;
        }
    }

    private void run() {
        try {
            int cachedInARow = 0;
            while (cachedInARow < WARM) {
                Path p = queue.poll(50, TimeUnit.MILLISECONDS);
                if (p != null) {
                    hinted.incrementAndGet();
                    cachedInARow = NativeFileRead.prefetch(p) == NativeFileRead.CACHED ? cachedInARow + 1 : 0;
                } else if (closed) {
                    return;
                }
            }
            closed = true; // a tree read lately: the hints would only cost their calls
            queue.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** No more finds: the thread ends once it has hinted what is queued. */
    @Override
    public void close() {
        closed = true;
    }
}

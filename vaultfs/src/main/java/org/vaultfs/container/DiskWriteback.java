package org.vaultfs.container;

import java.nio.file.Path;
import java.util.function.LongBinaryOperator;

/**
 * Starts the disk writing a file being appended while it is still being written
 * ({@code sync_file_range(SYNC_FILE_RANGE_WRITE)} every {@link #STEP} bytes), so that the fsync
 * making the finished file durable has little left to wait for: a cold seal of the peers
 * corpus spent 0.40 s in its final fsync, with the whole vault still dirty in the page cache.
 * Advice only, like read-ahead hints: it makes nothing durable (the fsync still does), a
 * failure is ignored, and without the C library it does nothing.
 */
final class DiskWriteback implements AutoCloseable {
    /** Enough per request for the disk to stream; small against the page cache. */
    static final long STEP = 32L << 20;

    /** Does nothing: a file without a descriptor for advice. */
    static final DiskWriteback NONE = new DiskWriteback(null, null);

    private final AutoCloseable advice; // closed with this; null: nothing to close
    private final LongBinaryOperator start; // (offset, length) -> 0 or a negative errno; null: no advice
    private long started; // guarded by this: everything below it has been handed to the disk
    private long written; // guarded by this: the end of the furthest write so far
    private boolean requesting; // guarded by this: the thread is in a request
    private boolean closed; // guarded by this
    private int lastResult; // guarded by this
    private Thread thread; // guarded by this; started by the first step

    DiskWriteback(AutoCloseable advice, LongBinaryOperator start) {
        this.advice = advice;
        this.start = start;
    }

    /** Advice for {@code file} through a descriptor of its own; {@link #NONE} when that is not possible. */
    static DiskWriteback of(Path file) {
        PageCacheAdvice a = PageCacheAdvice.open(file);
        return a == null ? NONE : new DiskWriteback(a, a::startWriteback);
    }

    /**
     * Bytes up to {@code end} have been written. Never waits: the request (which makes the
     * kernel allocate and submit a step's blocks, 25-50 ms for 32 MiB here) runs on a thread of
     * its own, off the writer's path, which the appends of a seal are.
     */
    synchronized void wrote(long end) {
        written = Math.max(written, end);
        if (start == null || closed || written - started < STEP) {
            return;
        }
        if (thread == null) {
            thread = new Thread(this::requestSteps, "vaultfs-writeback");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
    }

    private void requestSteps() {
        while (true) {
            long from;
            long to;
            synchronized (this) {
                while (!closed && written - started < STEP) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                from = started;
                to = written;
                requesting = true;
            }
            int rc = (int) start.applyAsLong(from, to - from);
            synchronized (this) {
                requesting = false;
                started = to;
                lastResult = rc;
                notifyAll();
            }
        }
    }

    /** Waits until no step is waiting for its request (tests). */
    synchronized void awaitRequests() throws InterruptedException {
        while (requesting || (thread != null && !closed && written - started >= STEP)) {
            wait();
        }
    }

    /** What the last request returned: 0, or a negative errno (tests). */
    synchronized int lastResult() {
        return lastResult;
    }

    /** Where the next request will start: everything before it has been handed to the disk (tests). */
    synchronized long started() {
        return started;
    }

    /** Stops asking; the descriptor is closed once no request is using it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        boolean interrupted = false;
        while (requesting) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (advice != null) {
            try {
                advice.close();
            } catch (Exception e) {
                // advice only: a descriptor that fails to close loses nothing
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

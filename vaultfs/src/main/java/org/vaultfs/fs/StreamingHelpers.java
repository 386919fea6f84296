package org.vaultfs.fs;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * A few threads that extract large files beside the extracting thread. A large file is one
 * thread decoding and writing chunk after chunk; run in turn with the small files, whose
 * creation is the commit threads' work, each phase left a core idle. A task is only taken
 * when a thread is free ({@link #tryRun}), so the caller runs the file itself otherwise and
 * nothing queues: at most {@code threads} files are decoded here at once.
 */
final class StreamingHelpers {
    private final ExecutorService threads;
    private final Semaphore free;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;

    StreamingHelpers(int count) {
        this.free = new Semaphore(count);
        this.threads = Executors.newFixedThreadPool(count, r -> {
            Thread t = new Thread(r, "vaultfs-extract-large");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} on a free thread and returns its future, or null when every thread is busy. */
    Future<String> tryRun(Callable<String> task) {
        if (!free.tryAcquire()) {
            return null;
        }
        try {
            return threads.submit(() -> {
                try {
                    return task.call();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    throw e;
                } finally {
                    free.release();
                }
            });
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
    }

    /** A failure of a task so far (not a salvaged file: a target or vault error that ends the extraction), thrown here. */
    void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Checked by a task between chunks: the extraction is failing elsewhere, stop writing. */
    void checkNotStopping() {
        if (stopping) {
            throw new VaultException(Failure.IO, "extraction stopped");
        }
    }

    /** Waits for the tasks running; when {@code abandon}, they stop at their next chunk (their files discarded). */
    void finish(boolean abandon) {
        stopping = abandon;
        threads.shutdown();
        try {
            while (!threads.awaitTermination(1, TimeUnit.SECONDS)) {
                // A 20 GiB file takes minutes; there is no bound to wait for but its end.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}

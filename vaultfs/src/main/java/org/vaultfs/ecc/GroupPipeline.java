package org.vaultfs.ecc;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Runs a per-group task on several threads while handing finished groups back in stream
 * order on the calling thread (where order-sensitive work such as a running SHA-256 lives).
 * Each in-flight group owns one set of K+P shard buffers, and at most threads+1 sets exist,
 * so memory is bounded by the grid, never by the stream.
 *
 * <p>One pipeline carries several streams back to back (the windows of a sidecar): the groups
 * of the next stream start while the last ones of the previous are still being worked on, and
 * shard sets of the same shape are reused, so neither a window boundary idles a core nor does
 * each window allocate its own sets.
 */
final class GroupPipeline implements AutoCloseable {
    interface Task {
        void run(long group, byte[][] shards);
    }

    interface Ordered {
        void accept(long group, byte[][] shards);
    }

    /** A queued group, or (with no set) a stream's closing step. */
    private record InFlight(long group, byte[][] set, Future<?> work, Ordered ordered, Runnable after) {
    }

    private final int threads;
    private final ArrayDeque<byte[][]> free = new ArrayDeque<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ExecutorService pool;

    GroupPipeline(int threads) {
        this.threads = Math.max(1, threads);
    }

    /**
     * Queues the {@code groups} groups of one stream. Their ordered steps run on this thread in
     * order, after those of every stream queued before, and {@code after} (if not null) runs
     * right after the last of them. Returns once every group is queued; call {@link #finish()}
     * to run what is still in flight.
     */
    void submit(long groups, int shardCount, int shardSize, Task task, Ordered ordered, Runnable after) {
        // One thread, or a single group with nothing ahead of it (a header's or manifest's
        // parity): no worker to start, and order is kept by running it here and now.
        if (threads == 1 || groups == 1 && inFlight.isEmpty()) {
            byte[][] set = take(shardCount, shardSize);
            for (long g = 0; g < groups; g++) {
                task.run(g, set);
                ordered.accept(g, set);
            }
            free.push(set);
            if (after != null) {
                after.run();
            }
            return;
        }
        for (long g = 0; g < groups; g++) {
            while (inFlight.size() > threads) {
                finishOne();
            }
            byte[][] set = take(shardCount, shardSize);
            long group = g;
            Future<?> f = pool().submit(() -> task.run(group, set));
            inFlight.add(new InFlight(group, set, f, ordered, g == groups - 1 ? after : null));
        }
        if (groups == 0 && after != null) {
            inFlight.add(new InFlight(0, null, null, null, after));
        }
    }

    /** Runs the ordered steps of everything still in flight. */
    void finish() {
        while (!inFlight.isEmpty()) {
            finishOne();
        }
    }

    private byte[][] take(int shardCount, int shardSize) {
        while (!free.isEmpty()) {
            byte[][] set = free.pop();
            if (set.length == shardCount && set[0].length == shardSize) {
                return set;
            }
        }
        return new byte[shardCount][shardSize];
    }

    private ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "vaultfs-ecc");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    private void finishOne() {
        InFlight job = inFlight.poll();
        if (job.set() != null) {
            await(job.work());
            job.ordered().accept(job.group(), job.set());
            free.push(job.set());
        }
        if (job.after() != null) {
            job.after().run();
        }
    }

    private static void await(Future<?> work) {
        try {
            work.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new VaultException(Failure.IO, "error-correction worker failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "interrupted");
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

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
 */
final class GroupPipeline {
    interface Task {
        void run(long group, byte[][] shards);
    }

    interface Ordered {
        void accept(long group, byte[][] shards);
    }

    private final int threads;
    private final int shardCount;
    private final int shardSize;

    GroupPipeline(int threads, int shardCount, int shardSize) {
        this.threads = Math.max(1, threads);
        this.shardCount = shardCount;
        this.shardSize = shardSize;
    }

    void run(long groups, Task task, Ordered ordered) {
        if (threads == 1 || groups == 1) {
            byte[][] set = new byte[shardCount][shardSize];
            for (long g = 0; g < groups; g++) {
                task.run(g, set);
                ordered.accept(g, set);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vaultfs-ecc");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<byte[][]> free = new ArrayDeque<>();
        ArrayDeque<Object[]> inFlight = new ArrayDeque<>();
        try {
            for (long g = 0; g < groups; g++) {
                if (inFlight.size() > threads) {
                    finish(inFlight.poll(), ordered, free);
                }
                byte[][] set = free.isEmpty() ? new byte[shardCount][shardSize] : free.pop();
                long group = g;
                Future<?> f = pool.submit(() -> task.run(group, set));
                inFlight.add(new Object[] {group, set, f});
            }
            while (!inFlight.isEmpty()) {
                finish(inFlight.poll(), ordered, free);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void finish(Object[] job, Ordered ordered, ArrayDeque<byte[][]> free) {
        long group = (Long) job[0];
        byte[][] set = (byte[][]) job[1];
        try {
            ((Future<?>) job[2]).get();
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
        ordered.accept(group, set);
        free.push(set);
    }
}

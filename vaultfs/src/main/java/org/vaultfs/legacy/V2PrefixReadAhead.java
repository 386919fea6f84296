package org.vaultfs.legacy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.vaultfs.container.VaultBytes;

/**
 * Reads ahead of the walk of an AEROVAULT2 entry's chunk length prefixes. Each chunk's place
 * follows from the lengths before it, so the walk reads one prefix at a time, and on a cold
 * disk each is an I/O of its own: 16,384 of them, one after another, for a 1 GiB file. Every
 * chunk but a file's last holds a whole chunk, so the prefixes are where a regular stride puts
 * them; a few threads touch those places a bounded window ahead of the walk, and the walk then
 * finds them in the page cache. Advice only: the walk reads and checks every prefix itself,
 * and a vault laid out otherwise is read exactly as before, only without the help.
 */
final class V2PrefixReadAhead implements AutoCloseable {
    /** Below this many chunks the walk is short anyway. */
    static final long MIN_CHUNKS = 256;
    private static final int THREADS = 8;
    /** Chunks touched ahead of the walk: at 64 KiB chunks, 64 MiB of file, a page each. */
    private static final long WINDOW = 1024;
    private static final long PER_TASK = 16;

    private final VaultBytes file;
    private final long first;
    private final long stride;
    private final long count;
    private final ExecutorService pool;
    private volatile boolean stopped;
    private long submitted;

    private V2PrefixReadAhead(VaultBytes file, long first, long stride, long count) {
        this.file = file;
        this.first = first;
        this.stride = stride;
        this.count = count;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "vaultfs-v2-prefixes-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * For an entry whose first prefix is at {@code first} in a local file, or null when it has
     * too few chunks to gain from it. {@code stride}: a whole chunk's record (prefix, chunk,
     * overhead).
     */
    static V2PrefixReadAhead start(VaultBytes file, long first, long stride, long chunks) {
        if (chunks < MIN_CHUNKS) {
            return null;
        }
        V2PrefixReadAhead r = new V2PrefixReadAhead(file, first, stride, chunks);
        r.walked(0);
        return r;
    }

    /** The walk has reached chunk {@code c}: keeps the touches a window ahead of it. */
    void walked(long c) {
        long until = Math.min(count, c + WINDOW);
        try {
            while (submitted < until) {
                long from = submitted;
                long to = Math.min(until, from + PER_TASK);
                pool.execute(() -> touch(from, to));
                submitted = to;
            }
        } catch (RejectedExecutionException e) {
            // Closed: the walk is over.
        }
    }

    private void touch(long from, long to) {
        byte[] one = new byte[1];
        for (long c = from; c < to && !stopped; c++) {
            try {
                file.readUpTo(first + c * stride, one, 0, 1);
            } catch (RuntimeException e) {
                return; // advice only: the walk meets any real failure itself
            }
        }
    }

    /**
     * Lets the threads end after their current read. Never by interrupting them: an interrupt
     * during a read closes the vault's shared {@code FileChannel} for every reader.
     */
    @Override
    public void close() {
        stopped = true;
        pool.shutdown();
    }
}

package org.vaultfs.container;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Drops the cached pages of a file's data section behind a pass that reads each record once
 * (extraction), so that its reads keep the kernel's read-ahead but reuse the pages the records
 * before them had instead of filling the page cache with the whole vault in freshly allocated
 * pages: on this kind of VM the first touch of such pages, right after other programs freed
 * their memory, costs more than the copy out of them (a buffered cold read of the peers vault:
 * 0.03-0.50 s of system time). Pages go a whole aligned window at a time, once every byte of
 * the section inside it has been read: the page cache keeps large folios, which a drop of a
 * range that cuts through them leaves in place.
 */
final class DropBehind implements AutoCloseable {
    /** Larger than the page cache's folios here (2 MiB at most), a multiple of any of them. */
    static final long WINDOW = 4L << 20;

    /** Where dropped windows go ({@link PageCacheAdvice}); closed with this. */
    interface Pages extends AutoCloseable {
        void drop(long offset, long length);

        @Override
        void close();
    }

    private final Pages advice;
    private final long start;
    private final long end;
    private final AtomicLongArray read; // per window: section bytes read in it so far

    DropBehind(Pages advice, long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("section [" + start + ", " + end + ")");
        }
        this.advice = advice;
        this.start = start;
        this.end = end;
        this.read = new AtomicLongArray((int) Math.max(1, (end + WINDOW - 1) / WINDOW - start / WINDOW));
    }

    /** {@code [pos, pos + len)} of the section has been read (parts outside it are ignored). */
    void read(long pos, long len) {
        long from = Math.max(pos, start);
        long to = Math.min(pos + len, end);
        for (long w = from / WINDOW; w * WINDOW < to; w++) {
            long ws = Math.max(w * WINDOW, start);
            long we = Math.min((w + 1) * WINDOW, end);
            long got = Math.min(to, we) - Math.max(from, ws);
            int i = (int) (w - start / WINDOW);
            long before = read.getAndAdd(i, got);
            if (before < we - ws && before + got >= we - ws) {
                advice.drop(w * WINDOW, WINDOW);
            }
        }
    }

    @Override
    public void close() {
        advice.close();
    }
}

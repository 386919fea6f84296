package org.vaultfs.fs;

/**
 * Tells whether an open file is being read front to back. The kernel issues read-ahead
 * requests from several FUSE threads at once, so they arrive out of order; a request that
 * starts within a window of where the previous one ended still counts.
 *
 * <p>The window must cover what the kernel keeps in flight: the mount's readahead window
 * (1 MiB, set by fuse.KernelReadahead) plus the next one, which the kernel requests while the
 * first is still being served, as 128 KiB requests answered in any order: 2 MiB, and 3 with
 * slack. At 1 MiB a plain {@code dd} was taken for a random reader: read-ahead stopped on
 * those requests and the background pass meant for random readers ({@link Preverifier})
 * decoded the whole file a second time.
 *
 * <p>A window that wide catches random readers too: over a 1 GiB file one 4 KiB read in 170
 * lands within 3 MiB of the previous one, and each such read decoded whole chunks in the
 * foreground and four more ahead, which at 13,000 reads/s kept the heap churning through
 * full collections (measured: 330 MB/s of chunk arrays, 4 full GCs/s, two fio jobs no faster
 * than one). So a read counts as sequential only as the {@link #STREAK}th in a row near its
 * predecessor. Two in a row still happened once in 10,000 random reads (measured: 39 of
 * 413,000 under two fio jobs), and each time four chunks were decoded ahead into the cache,
 * which random reading filled to its capacity within seconds; three in a row by chance is
 * about one in five million. A reader that seeks and then streams gets read-ahead from its
 * third request (384 KiB in). A new handle starts as a stream, so a reader from the start of
 * the file is sequential at once.
 */
public final class SequentialDetector {
    static final long WINDOW = 3L << 20;
    static final int STREAK = 3;
    private long lastEnd; // guarded by this
    private int near = STREAK - 1; // guarded by this: consecutive reads near their predecessor

    /** Records a read of [offset, offset+length) and says whether it continues a stream of reads. */
    public synchronized boolean record(long offset, long length) {
        boolean close = offset >= lastEnd - WINDOW && offset <= lastEnd + WINDOW;
        near = close ? Math.min(near + 1, STREAK) : 0;
        lastEnd = offset + length;
        return near >= STREAK;
    }
}

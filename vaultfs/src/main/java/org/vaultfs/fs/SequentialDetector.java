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
 * decoded the whole file a second time. Wider is not better: a random reader's jumps shorter
 * than the window count as sequential.
 */
public final class SequentialDetector {
    static final long WINDOW = 3L << 20;
    private long lastEnd; // guarded by this; 0 so that a read from the start counts as sequential

    /** Records a read of [offset, offset+length) and says whether it continues the previous one. */
    public synchronized boolean record(long offset, long length) {
        boolean sequential = offset >= lastEnd - WINDOW && offset <= lastEnd + WINDOW;
        lastEnd = offset + length;
        return sequential;
    }
}

package org.vaultfs.fs;

/**
 * Tells whether an open file is being read front to back. The kernel issues read-ahead
 * requests from several FUSE threads at once, so they arrive slightly out of order; a
 * request that starts within a small window of where the previous one ended still counts.
 */
public final class SequentialDetector {
    static final long WINDOW = 1L << 20;
    private long lastEnd; // guarded by this; 0 so that a read from the start counts as sequential

    /** Records a read of [offset, offset+length) and says whether it continues the previous one. */
    public synchronized boolean record(long offset, long length) {
        boolean sequential = offset >= lastEnd - WINDOW && offset <= lastEnd + WINDOW;
        lastEnd = offset + length;
        return sequential;
    }
}

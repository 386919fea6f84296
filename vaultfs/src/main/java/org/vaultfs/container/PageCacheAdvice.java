package org.vaultfs.container;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.vaultfs.crypt.NativeLibrary;

/**
 * Advice to the kernel about one file's cached pages, through a descriptor of its own
 * (vaultfs' C library): start writing a range's dirty pages, or drop a range's clean pages.
 * Advice only: nothing depends on it succeeding, and without the C library there is none.
 */
final class PageCacheAdvice implements DropBehind.Pages {
    private final int fd;
    private boolean closed; // guarded by this, as the descriptor is

    private PageCacheAdvice(int fd) {
        this.fd = fd;
    }

    /** Advice for {@code file}, or null where it cannot be given. */
    static PageCacheAdvice open(Path file) {
        if (!NativeLibrary.loaded()) {
            return null;
        }
        try {
            int fd = open0(file.toString().getBytes(StandardCharsets.UTF_8));
            return fd < 0 ? null : new PageCacheAdvice(fd);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** {@code sync_file_range(SYNC_FILE_RANGE_WRITE)}: 0, or a negative errno. */
    synchronized long startWriteback(long offset, long length) {
        return closed ? 0 : startWriteback0(fd, offset, length); // held: the descriptor stays ours meanwhile
    }

    /**
     * Drops the cached pages of {@code [offset, offset + length)}, widened to whole pages: a
     * one-pass reader done with them, whose next reads then reuse those pages instead of taking
     * fresh ones. A page still needed is simply read again.
     */
    @Override
    public synchronized void drop(long offset, long length) {
        if (!closed) {
            long from = offset & ~4095L; // the kernel keeps partly covered pages: widen to whole ones
            long to = (offset + length + 4095) & ~4095L;
            dropCached0(fd, from, to - from);
        }
    }

    /** Whether the byte at {@code offset} is in the page cache; false when that cannot be told. */
    synchronized boolean isCached(long offset) {
        return !closed && cached0(fd, offset) == 1;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            close0(fd);
        }
    }

    private static native int open0(byte[] path);

    private static native int startWriteback0(int fd, long offset, long length);

    private static native int dropCached0(int fd, long offset, long length);

    private static native int cached0(int fd, long offset);

    private static native void close0(int fd);
}

package org.vaultfs.fs;

import java.nio.file.Path;
import jnr.ffi.LibraryLoader;

/**
 * Tells the kernel which byte ranges of the vault file are about to be read
 * ({@code posix_fadvise(POSIX_FADV_WILLNEED)}), so the disk reads them in the background
 * while the blocks before them are being decoded. Without it a decoder's one-block pread is
 * the only I/O in flight and the disk sits idle during every decode; the kernel's own
 * readahead does not help much, as decoders read blocks out of order from several threads.
 *
 * <p>Advice only: it never changes what is read, and the page cache it fills holds vault
 * (cipher) bytes, never plaintext. Where the native call is unavailable (no libc binding, the
 * file cannot be opened) {@link #open} returns {@link DiskHints#NONE}.
 */
final class DiskPrefetch implements DiskHints {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int POSIX_FADV_WILLNEED = 3;

    /** The three libc calls used, bound by jnr-ffi (already loaded for FUSE). */
    public interface LibC {
        int open(String path, int flags);

        int posix_fadvise(int fd, long offset, long len, int advice);

        int close(int fd);
    }

    private static final LibC LIBC = load();

    private final LibC libc;
    private final int fd;
    private volatile boolean closed;

    private DiskPrefetch(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    private static LibC load() {
        try {
            return LibraryLoader.create(LibC.class).load("c");
        } catch (RuntimeException | LinkageError e) { // how jnr-ffi reports a missing library or symbol
            return null;
        }
    }

    /**
     * Advice for {@code file}, through a descriptor of its own: the page cache is per file, so
     * advice given on any descriptor helps reads through every other one.
     */
    static DiskHints open(Path file) {
        if (LIBC == null) {
            return DiskHints.NONE;
        }
        try {
            int fd = LIBC.open(file.toString(), O_RDONLY | O_CLOEXEC);
            return fd < 0 ? DiskHints.NONE : new DiskPrefetch(LIBC, fd);
        } catch (RuntimeException | LinkageError e) {
            return DiskHints.NONE;
        }
    }

    /** Asks for {@code [offset, offset+length)} of the file to be read into the page cache soon. */
    @Override
    public void willNeed(long offset, long length) {
        if (closed || offset < 0 || length <= 0) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return; // the descriptor number may already belong to another file
            }
            libc.posix_fadvise(fd, offset, length, POSIX_FADV_WILLNEED); // advice: a failure costs nothing
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}

package org.vaultfs.fs;

import java.nio.file.Path;

/**
 * Tells the kernel which byte ranges of the vault file are about to be read
 * ({@code posix_fadvise(POSIX_FADV_WILLNEED)}), so the disk reads them in the background
 * while the blocks before them are being decoded. Without it a decoder's one-block pread is
 * the only I/O in flight unless the disk's own readahead window happens to be large (it is a
 * machine setting: 128 KiB by default), and decoders read blocks out of order from several
 * threads, which that readahead does not follow well.
 *
 * <p>Advice only: it never changes what is read, and the page cache it fills holds vault
 * (cipher) bytes, never plaintext. Binding libc through jnr-ffi generates code (15 ms when
 * jnr-fuse is loaded, 250 ms when not), so it happens on a thread of its own, off the mount's
 * path to its first byte; until it is done, and for good when it fails (no libc binding, the
 * file cannot be opened), advice is dropped.
 */
final class DiskPrefetch implements DiskHints {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int POSIX_FADV_WILLNEED = 3;

    /** The three libc calls used. */
    public interface LibC {
        int open(String path, int flags);

        int posix_fadvise(int fd, long offset, long len, int advice);

        int close(int fd);
    }

    /** Bound on first use, not when this class loads. */
    private static final class Binding {
        static final LibC LIBC = load();

        private static LibC load() {
            try {
                return SystemLibraries.libc(LibC.class);
            } catch (RuntimeException | LinkageError e) { // how jnr-ffi reports a missing library or symbol
                return null;
            }
        }
    }

    private final Path file;
    private final Thread binder;
    private LibC libc; // guarded by this
    private int fd = -1; // guarded by this
    private boolean closed; // guarded by this
    private volatile boolean bound;

    private DiskPrefetch(Path file) {
        this.file = file;
        this.binder = new Thread(this::bind, "vaultfs-disk-hints");
        binder.setDaemon(true);
    }

    /**
     * Advice for {@code file}, through a descriptor of its own (the page cache is per file, so
     * advice given on any descriptor helps reads through every other one). Returns at once.
     */
    static DiskPrefetch open(Path file) {
        DiskPrefetch p = new DiskPrefetch(file);
        p.binder.start();
        return p;
    }

    private void bind() {
        LibC c = Binding.LIBC;
        if (c == null) {
            return;
        }
        int d;
        try {
            d = c.open(file.toAbsolutePath().toString(), O_RDONLY | O_CLOEXEC); // as Java resolved it, whatever the native cwd
        } catch (RuntimeException | LinkageError e) {
            return;
        }
        if (d < 0) {
            return;
        }
        synchronized (this) {
            if (closed) {
                c.close(d); // closed while binding: nobody will use it
                return;
            }
            libc = c;
            fd = d;
            bound = true;
        }
    }

    /** Waits for the binding to finish; says whether advice is being passed on (tests). */
    boolean awaitBound(long millis) throws InterruptedException {
        binder.join(millis);
        return bound;
    }

    /** Asks for {@code [offset, offset+length)} of the file to be read into the page cache soon. */
    @Override
    public void willNeed(long offset, long length) {
        if (!bound || offset < 0 || length <= 0) {
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
        if (closed) {
            return;
        }
        closed = true;
        if (bound) {
            bound = false;
            libc.close(fd);
        }
    }
}

package org.vaultfs.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The extraction directory, written so that nothing lands outside it whatever the archive or
 * the directory already contain: directories are created one component at a time and an
 * existing symlink (or non-directory) on the way is refused rather than followed; files are
 * written to a fresh temp file (O_EXCL, so never through a link) in their final directory and
 * renamed over the leaf, which replaces a pre-planted symlink instead of writing through it.
 *
 * <p>Threat model: hostile vault contents and hostile pre-existing directory contents. Java
 * has no mkdirat/openat for directories, so a local attacker swapping components while we
 * run is not covered (tar and unsquashfs make the same trade).
 */
final class ExtractTarget {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final SecureRandom RANDOM = new SecureRandom();
    /** fsync waits on the device, not the CPU: many in flight let the journal batch them. */
    private static final int COMMIT_THREADS = 16;

    private final Path root;
    /** Vault directory paths already checked or created during this run ("" = root). */
    private final Set<String> verified = new HashSet<>();
    /** Directories whose entries changed and must be fsynced for the renames to be durable. */
    private final Set<Path> dirty = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    /**
     * Finished files are fsynced, stamped and renamed on these threads: one fsync per file is
     * what makes extraction crash-safe, and doing them one after another on the decoding
     * thread made it several times slower than the decoding itself.
     */
    private final java.util.concurrent.ExecutorService committer = java.util.concurrent.Executors.newFixedThreadPool(COMMIT_THREADS, r -> {
        Thread t = new Thread(r, "vaultfs-extract-commit");
        t.setDaemon(true);
        return t;
    });
    /** Bounds open temp files (each pending commit holds one). */
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(256);
    private final java.util.List<java.util.concurrent.Future<?>> commits = new java.util.ArrayList<>();

    private final boolean durable;

    private ExtractTarget(Path root, boolean durable) {
        this.root = root;
        this.durable = durable;
        verified.add("");
    }

    /** Opens (creating if needed) the target. The user chose this path, so links in it are followed. */
    static ExtractTarget open(Path dir) {
        return open(dir, true);
    }

    static ExtractTarget open(Path dir, boolean durable) {
        try {
            Files.createDirectories(dir);
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new VaultException(Failure.CONFLICT, "extraction target is not a directory: " + dir);
            }
            return new ExtractTarget(real, durable);
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(Failure.CONFLICT, "extraction target is not a directory: " + dir);
        } catch (IOException e) {
            throw VaultException.io("cannot create extraction directory " + dir, e);
        }
    }

    Path root() {
        return root;
    }

    /** Ensures the directory for vault path {@code dir} exists inside the root; returns it. */
    Path directory(String dir) {
        if (dir.isEmpty()) {
            return root;
        }
        VaultPaths.requireCanonical(dir);
        if (verified.contains(dir)) {
            return root.resolve(dir);
        }
        // One component at a time from the root, iteratively: a hostile path may have any
        // number of segments (recursing per segment overflowed the stack and held every
        // ancestor's path at once); the OS name-length limit stops a deep one with an io failure.
        Path p = root;
        int start = 0;
        while (true) {
            int slash = dir.indexOf('/', start);
            int end = slash < 0 ? dir.length() : slash;
            p = p.resolve(dir.substring(start, end));
            String sub = slash < 0 ? dir : dir.substring(0, end);
            if (!verified.contains(sub)) {
                try {
                    Files.createDirectory(p);
                    dirty.add(p.getParent());
                } catch (FileAlreadyExistsException e) {
                    requireRealDirectory(p, sub);
                } catch (IOException e) {
                    throw VaultException.io("cannot create directory " + p, e);
                }
                verified.add(sub);
            }
            if (slash < 0) {
                return p;
            }
            start = slash + 1;
        }
    }

    private static void requireRealDirectory(Path p, String vaultPath) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (IOException e) {
            throw VaultException.io("cannot inspect " + p, e);
        }
        if (a.isSymbolicLink()) {
            throw new VaultException(Failure.PATH_ESCAPE, "refusing to extract " + VaultPaths.printable(vaultPath)
                    + ": " + p + " is a symbolic link");
        }
        if (!a.isDirectory()) {
            throw new VaultException(Failure.PATH_ESCAPE, "refusing to extract " + VaultPaths.printable(vaultPath)
                    + ": " + p + " exists and is not a directory");
        }
    }

    /** Starts writing the file at vault path {@code file}; nothing is visible until commit. */
    PendingFile create(String file) {
        VaultPaths.requireCanonical(file);
        Path dir = directory(VaultPaths.parent(file));
        Path leaf = dir.resolve(file.substring(file.lastIndexOf('/') + 1));
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(".vault-extract-" + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                // CREATE_NEW is O_CREAT|O_EXCL: fails on any existing name, symlinks included.
                FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new PendingFile(ch, tmp, leaf, file);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw VaultException.io("cannot create a temp file in " + dir, e);
                }
            } catch (IOException e) {
                throw VaultException.io("cannot create a temp file in " + dir, e);
            }
        }
    }

    /** Sets a directory's mtime without following a link at its name. */
    void setDirectoryTime(String dir, FileTime time) {
        Path p = directory(dir);
        try {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(time, null, null);
        } catch (IOException e) {
            throw VaultException.io("cannot set the time of " + p, e);
        }
    }

    /** Waits for every queued commit; rethrows the first failure once all have finished. */
    void awaitCommits() {
        RuntimeException first = null;
        for (java.util.concurrent.Future<?> f : commits) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                RuntimeException r = c instanceof RuntimeException re ? re
                        : new VaultException(Failure.IO, "extraction failed: " + c, c);
                first = first == null ? r : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first = first == null ? new VaultException(Failure.IO, "extraction interrupted") : first;
            }
        }
        commits.clear();
        if (first != null) {
            throw first;
        }
    }

    /** Lets queued commits finish (they are complete files) and stops the commit threads. */
    void close() {
        try {
            awaitCommits();
        } catch (RuntimeException ignored) {
            // The caller is already failing with its own error; the files that did commit are whole.
        } finally {
            committer.shutdown();
        }
    }

    /** fsyncs every directory whose entries changed, so created names survive a crash. */
    void syncDirectories() {
        awaitCommits();
        if (!durable) {
            dirty.clear();
            return;
        }
        for (Path d : dirty) {
            try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException e) {
                throw VaultException.io("cannot sync directory " + d, e);
            }
        }
        dirty.clear();
    }

    /** A file being extracted: a temp file beside its final name. Close without commit removes it. */
    final class PendingFile implements AutoCloseable {
        private final FileChannel channel;
        private final Path tmp;
        private final Path leaf;
        private final String vaultPath;
        private boolean done;

        private PendingFile(FileChannel channel, Path tmp, Path leaf, String vaultPath) {
            this.channel = channel;
            this.tmp = tmp;
            this.leaf = leaf;
            this.vaultPath = vaultPath;
        }

        void write(byte[] b, int off, int len) {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                throw VaultException.io("cannot write " + tmp, e);
            }
        }

        /**
         * Queues fsync, mtime and rename over the leaf (replacing, never following, a link there);
         * {@link ExtractTarget#awaitCommits()} reports the outcome.
         */
        void commit(FileTime mtime) {
            done = true;
            inFlight.acquireUninterruptibly();
            try {
                commits.add(committer.submit(() -> {
                    try {
                        finish(mtime);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            } catch (RuntimeException e) {
                inFlight.release();
                done = false;
                throw e;
            }
        }

        private void finish(FileTime mtime) {
            try {
                if (durable) {
                    channel.force(true);
                }
                channel.close();
                if (mtime != null) {
                    Files.getFileAttributeView(tmp, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
                }
                Files.move(tmp, leaf, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                discard();
                throw VaultException.io("cannot rename into place " + leaf, e);
            } catch (IOException e) {
                discard();
                if (Files.isDirectory(leaf, NOFOLLOW)) {
                    throw new VaultException(Failure.CONFLICT, "cannot extract " + VaultPaths.printable(vaultPath)
                            + ": " + leaf + " is an existing directory");
                }
                throw VaultException.io("cannot write " + leaf, e);
            }
            dirty.add(leaf.getParent());
        }

        @Override
        public void close() {
            if (!done) {
                discard();
            }
        }

        private void discard() {
            try {
                channel.close();
            } catch (IOException e) {
                // Being discarded anyway; the delete below is what matters.
            }
            try {
                Files.deleteIfExists(tmp);
            } catch (NoSuchFileException e) {
                // already gone
            } catch (IOException e) {
                // Best effort: the temp name is hidden and random, it cannot shadow extracted data.
            }
        }
    }
}

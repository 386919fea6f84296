package org.vaultfs.container;

import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * A source tree walked on a thread of its own while its caller takes the finds in vault-path
 * order ({@link SourceTree.Found}): a seal's large files are read while the rest of the tree is
 * still being listed, where a cold walk of 47,000 entries kept one core waiting on the disk for
 * most of a second. Finds and the walk's skip reports reach the caller on the caller's thread,
 * so neither the edit's tree nor its progress listener is touched by two threads.
 *
 * <p>The queue holds references to entries the walk keeps in its lists anyway: it never holds
 * more than the listing it hands over.
 */
final class BackgroundSourceWalk implements AutoCloseable {
    /** An entry the walk left out, reported to the caller's listener when taken. */
    record Skipped(Path path, SkipKind kind, String reason) {
    }

    private record Ended(SourceTree tree) {
    }

    private record Failed(Throwable error) {
    }

    /** Thrown inside the walk once the caller has stopped listening. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private final LinkedBlockingQueue<Object> finds = new LinkedBlockingQueue<>();
    private volatile boolean abandoned;
    private SourceTree tree;

    private BackgroundSourceWalk() {
    }

    /** Starts walking {@code root}, which must be a directory (checked here, on the caller's thread). */
    static BackgroundSourceWalk start(Path root, SourceFilter filter, boolean keepSpecials) {
        SourceTree.requireDirectory(root);
        BackgroundSourceWalk w = new BackgroundSourceWalk();
        Thread t = new Thread(() -> w.run(root, filter, keepSpecials), "vaultfs-walk");
        t.setDaemon(true);
        t.start();
        return w;
    }

    private void run(Path root, SourceFilter filter, boolean keepSpecials) {
        ProgressListener skips = new ProgressListener() {
            @Override
            public void advanced(long bytes) {
            }

            @Override
            public void skipped(Path path, SkipKind kind, String reason) {
                handOver(new Skipped(path, kind, reason));
            }
        };
        SmallFilePrefetch prefetch = SmallFilePrefetch.start();
        SourceTree.Found found = new SourceTree.Found() {
            @Override
            public void dir(SourceTree.Dir d) {
                handOver(d);
            }

            @Override
            public void file(SourceTree.File f) {
                handOver(f);
                if (prefetch != null) prefetch.found(f);
            }
        };
        Object last;
        try {
            last = new Ended(SourceTree.scan(root, skips, filter, keepSpecials, NativeDirectoryScan.available(), found));
        } catch (Abandoned e) {
            return;
        } catch (Throwable e) {
            last = new Failed(e);
        } finally {
            if (prefetch != null) prefetch.close();
        }
        finds.add(last);
    }

    private void handOver(Object find) {
        if (abandoned) {
            throw new Abandoned();
        }
        finds.add(find);
    }

    /**
     * The next find: a {@link SourceTree.Dir}, a {@link SourceTree.File} or a {@link Skipped},
     * or null once the walk is over ({@link #tree()} then holds its lists). The walk's failure
     * is thrown here as it was thrown there.
     */
    Object next() {
        if (tree != null) {
            return null;
        }
        Object o;
        try {
            o = finds.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "interrupted while listing the source");
        }
        if (o instanceof Ended e) {
            tree = e.tree();
            return null;
        }
        if (o instanceof Failed f) {
            abandoned = true;
            if (f.error() instanceof RuntimeException r) {
                throw r;
            }
            if (f.error() instanceof Error err) {
                throw err;
            }
            throw new VaultException(Failure.IO, "listing the source failed: " + f.error(), f.error());
        }
        return o;
    }

    /** The whole walk, sorted, once {@link #next()} has returned null. */
    SourceTree tree() {
        if (tree == null) {
            throw new IllegalStateException("the walk is not over");
        }
        return tree;
    }

    /** Stops the walk at its next find when the caller ends early; nothing more is handed over. */
    @Override
    public void close() {
        abandoned = true;
        finds.clear();
    }
}

package org.vaultfs.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.TreeMap;
import org.vaultfs.error.VaultException;

/**
 * The invariant every target checks: hostile input may only ever surface as a
 * {@link VaultException} carrying a failure name and a one-line message. Anything else
 * (NPE, AIOOBE, IllegalArgumentException, OutOfMemoryError, StackOverflowError ...)
 * propagates to Jazzer as a finding.
 */
public final class Invariants {
    /** Largest allocation budget of one execution on the small fuzz vaults (all spec caps are above what they hold). */
    public static final long DEFAULT_ALLOCATION_BUDGET = 96L << 20;

    private Invariants() {
    }

    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Runs {@code a}; a VaultException is the accepted outcome and is returned, success returns null. */
    public static VaultException refusedOrOk(Action a) {
        try {
            a.run();
            return null;
        } catch (VaultException e) {
            checkWellFormed(e);
            return e;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            // A checked exception escaping the library (IOException ...) breaks the contract too.
            throw new AssertionError("library let a checked exception escape: " + e, e);
        }
    }

    public static void checkWellFormed(VaultException e) {
        if (e.failure() == null) {
            throw new AssertionError("VaultException without a failure name", e);
        }
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
            throw new AssertionError("VaultException message is not one line: " + m, e);
        }
    }

    /** Bytes the current thread allocated while running {@code a} (HotSpot counter). */
    public static long allocatedBy(Runnable a) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        a.run();
        return mx.getThreadAllocatedBytes(tid) - before;
    }

    /**
     * Runs {@code a} and fails if it allocated more than {@code budget} bytes on this thread.
     * An execution that loaded classes is not judged: under JAZZER_FUZZ the coverage
     * instrumentation of each class loaded is allocated on the loading thread (the first
     * execution of a fresh fuzzing JVM measured 133-165 MB that way, on pristine inputs), and
     * the inputs that matter run again once everything is loaded.
     */
    public static void withinAllocation(long budget, Runnable a) {
        java.lang.management.ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long loadedBefore = classes.getTotalLoadedClassCount();
        long used = allocatedBy(a);
        if (used > budget && classes.getTotalLoadedClassCount() == loadedBefore) {
            throw new AssertionError("one execution allocated " + used + " bytes, budget " + budget
                    + ": a length from the input was honoured without backing bytes");
        }
    }

    /**
     * Recursive listing (path -> type/size) of {@code dir}, not following links, skipping
     * {@code skip} (the extraction target, which is allowed to change).
     */
    public static TreeMap<String, String> listing(Path dir, Path skip) {
        TreeMap<String, String> out = new TreeMap<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    out.put(dir.relativize(d).toString(), "dir");
                    return d.equals(skip) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    out.put(dir.relativize(f).toString(), a.isSymbolicLink() ? "link->" + Files.readSymbolicLink(f)
                            : "file:" + a.size());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}

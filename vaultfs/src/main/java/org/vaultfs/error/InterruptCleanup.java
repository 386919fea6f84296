package org.vaultfs.error;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary and lock files a write has made and not yet renamed into place or removed.
 * A process stopped by Ctrl-C or SIGTERM removes them from its shutdown hook
 * ({@link #removeAll()}), so an interrupted seal, edit, repair or extract leaves nothing
 * behind; one killed outright leaves them to the next writer of the same target.
 */
public final class InterruptCleanup {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    /** Undo steps that are not files: an object-store upload to abort, say. */
    private static final Set<Runnable> ACTIONS = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;

    private InterruptCleanup() {
    }

    /** {@code p} now exists and is ours to remove if the process stops before {@link #done}. */
    public static void register(Path p) {
        if (stopping) {
            // Made after the hook ran: nobody else will remove it.
            throw removedAfterTheHook(p);
        }
        PENDING.add(p);
        if (stopping) {
            // The hook may have listed the pending files before this one was added.
            throw removedAfterTheHook(p);
        }
    }

    /** Removes {@code p}, which the hook may have missed, and returns the failure its writer then throws. */
    private static VaultException removedAfterTheHook(Path p) {
        deleteQuietly(p);
        PENDING.remove(p);
        return new VaultException(Failure.IO, "interrupted");
    }

    /** Creations between {@link #beforeCreate} and {@link #afterCreate}, which the hook waits for. */
    private static final java.util.concurrent.atomic.AtomicInteger CREATING = new java.util.concurrent.atomic.AtomicInteger();
    /** How long the hook waits for creations under way: they are single system calls. */
    private static final long CREATION_WAIT_NANOS = 200_000_000L;

    /**
     * Registers {@code p} before it is created, so that no moment exists at which it is on disk
     * and unknown to the hook; {@link #afterCreate} must follow once the create returned,
     * whatever its outcome. Many threads creating files while Ctrl-C arrived left a few of
     * them behind when they registered after creating.
     */
    public static void beforeCreate(Path p) {
        CREATING.incrementAndGet();
        try {
            register(p);
        } catch (RuntimeException e) {
            CREATING.decrementAndGet();
            throw e;
        }
    }

    /** After {@link #beforeCreate}, when the create failed: nothing of ours is at {@code p}, so nothing is removed. */
    public static void createFailed(Path p) {
        try {
            PENDING.remove(p);
        } finally {
            CREATING.decrementAndGet();
        }
    }

    /** After {@link #beforeCreate}: when the process began stopping meanwhile, the hook may have passed {@code p} before it existed. */
    public static void afterCreate(Path p) {
        try {
            if (stopping) {
                throw removedAfterTheHook(p);
            }
        } finally {
            CREATING.decrementAndGet();
        }
    }

    /** Whether the process is stopping (Ctrl-C, SIGTERM): its shutdown hook has started. */
    public static boolean stopping() {
        return stopping;
    }

    /** {@code p} was renamed into place or removed by its owner. */
    public static void done(Path p) {
        PENDING.remove(p);
    }

    /** {@code undo} runs if the process stops before {@link #done(Runnable)}; it must not block for long. */
    public static void register(Runnable undo) {
        if (stopping) {
            undo.run();
            throw new VaultException(Failure.IO, "interrupted");
        }
        ACTIONS.add(undo);
    }

    public static void done(Runnable undo) {
        ACTIONS.remove(undo);
    }

    /** Removes every pending file and runs every pending undo step; returns the files removed. For the shutdown hook. */
    public static List<Path> removeAll() {
        stopping = true;
        for (Runnable undo : List.copyOf(ACTIONS)) {
            try {
                undo.run();
            } catch (RuntimeException e) {
                // best effort on the way out
            }
            ACTIONS.remove(undo);
        }
        List<Path> removed = new ArrayList<>();
        for (Path p : List.copyOf(PENDING)) {
            if (deleteQuietly(p)) {
                removed.add(p);
            }
            PENDING.remove(p);
        }
        // A creation under way when stopping was set removes its own file in afterCreate:
        // the process must not halt before it has.
        long deadline = System.nanoTime() + CREATION_WAIT_NANOS;
        while (CREATING.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return removed;
    }

    private static boolean deleteQuietly(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            return false;
        }
    }
}

package org.vaultfs.fuse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.event.VaultListener;
import org.vaultfs.fs.VaultFileSystem;

/**
 * A live mount: the FUSE loop runs on its own thread, {@link #mount} returns once the kernel
 * lists the mount and the root answers, and {@link #close} unmounts and waits for the loop to
 * end. Does not close the filesystem view; its owner does, after this.
 */
public final class FuseMount implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final VaultFuse adapter;
    private final Path mountPoint;
    private final Thread loop;
    private volatile Throwable loopFailure;

    private FuseMount(VaultFuse adapter, Path mountPoint, MountConfig config) {
        this.adapter = adapter;
        this.mountPoint = mountPoint;
        this.loop = new Thread(() -> run(config), "vaultfs-fuse-loop");
        this.loop.setDaemon(true);
    }

    /** READ requests answered past libfuse's high-level layer ({@link DirectRead}) so far. */
    long directReads() {
        return adapter.directReads();
    }

    /** Mounts {@code fs} on {@code mountPoint} and returns once it is serving requests. */
    public static FuseMount mount(VaultFileSystem fs, Path mountPoint, MountConfig config) {
        checkMountPoint(mountPoint);
        FuseMount m = new FuseMount(FuseSupport.adapter(fs, config), mountPoint, config);
        m.loop.start();
        m.awaitReady();
        KernelReadahead.apply(mountPoint, KernelReadahead.DEFAULT_KIB, config.debug() ? fs.listener() : VaultListener.IGNORE);
        return m;
    }

    /** Refuses, before touching FUSE, the mount points libfuse would reject with a vaguer message. */
    public static void checkMountPoint(Path mountPoint) {
        if (MountTable.isMounted(mountPoint)) {
            throw new VaultException(Failure.CONFLICT, "something is already mounted on " + mountPoint);
        }
        if (!Files.exists(mountPoint)) {
            throw new VaultException(Failure.NOT_FOUND, "mount point " + mountPoint + " does not exist");
        }
        if (!Files.isDirectory(mountPoint)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "mount point " + mountPoint + " is not a directory");
        }
        try (DirectoryStream<Path> d = Files.newDirectoryStream(mountPoint)) {
            if (d.iterator().hasNext()) {
                throw new VaultException(Failure.CONFLICT, "mount point " + mountPoint + " is not empty");
            }
        } catch (IOException e) {
            throw VaultException.io("cannot read mount point " + mountPoint, e);
        }
    }

    private void run(MountConfig config) {
        try {
            adapter.mount(mountPoint, true, config.debug(), config.fuseOptions());
        } catch (Throwable t) {
            loopFailure = t;
        } finally {
            adapter.markUnmounted();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!loop.isAlive()) {
                throw new VaultException(Failure.IO, "mounting on " + mountPoint + " failed" + describe(loopFailure));
            }
            // Listed in the mount table, then one stat through FUSE proves the loop is serving.
            if (MountTable.isMounted(mountPoint) && Files.isDirectory(mountPoint)) {
                return;
            }
            sleep(10);
        }
        close();
        throw new VaultException(Failure.IO, "mount on " + mountPoint + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s");
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "";
        }
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return ": " + (root.getMessage() == null ? root.toString() : root.getMessage());
    }

    public Path mountPoint() {
        return mountPoint;
    }

    public boolean isMounted() {
        return loop.isAlive() && MountTable.isMounted(mountPoint);
    }

    /** Blocks until the mount goes away (unmounted here, by {@code vault umount}, or by fusermount -u). */
    public void awaitUnmounted() throws InterruptedException {
        loop.join();
    }

    /** Unmounts (lazily, so a busy mount cannot outlive us) and waits for the FUSE loop to end. */
    @Override
    public void close() {
        adapter.umount();
        try {
            loop.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "interrupted while mounting");
        }
    }
}

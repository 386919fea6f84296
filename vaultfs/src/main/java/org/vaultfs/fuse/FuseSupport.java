package org.vaultfs.fuse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.VaultFileSystem;

/** Checks that this machine can mount FUSE filesystems and creates the adapter. */
public final class FuseSupport {
    private static final Path DEV_FUSE = Path.of("/dev/fuse");

    private FuseSupport() {
    }

    /**
     * Probed once per process: whether libfuse loads cannot change while it runs, and the probe
     * (mostly jnr-ffi loading and generating classes) takes ~0.1 s of a cold start.
     */
    private static final CompletableFuture<Optional<String>> PROBE = new CompletableFuture<>();
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Starts the probe on its own thread, so that the caller's start-up work overlaps it. */
    public static void probeInBackground() {
        if (STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(() -> PROBE.complete(probe()), "vaultfs-fuse-probe");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Why mounting cannot work here, or empty if it can (as far as can be told without mounting). */
    public static Optional<String> unavailableReason() {
        if (STARTED.compareAndSet(false, true)) {
            PROBE.complete(probe());
        }
        return PROBE.join();
    }

    private static Optional<String> probe() {
        if (!Files.exists(DEV_FUSE)) {
            return Optional.of("/dev/fuse is missing: load the fuse kernel module, or give the container --device /dev/fuse");
        }
        try {
            new ru.serce.jnrfuse.FuseStubFS();
            return Optional.empty();
        } catch (Throwable t) { // jnr-ffi reports a missing library as LinkageError or RuntimeException
            return Optional.of("libfuse2 could not be loaded (install the libfuse2 package): " + t.getMessage());
        }
    }

    /** The FUSE adapter for {@code fs}, or IO with the fix to apply. */
    static VaultFuse adapter(VaultFileSystem fs, MountConfig config) {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            throw new VaultException(Failure.IO, why.get());
        }
        return new VaultFuse(fs, config);
    }
}

package org.vaultfs.fuse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.VaultFileSystem;

/**
 * Checks that this machine can mount FUSE filesystems and creates the adapter. The check is
 * the adapter's own construction (loading libfuse and binding it), done once per process on
 * a thread of its own so that a mount's start overlaps it with the prompt and the key
 * derivation: about 0.3 s of a cold start, most of it jnr-ffi generating classes.
 */
public final class FuseSupport {
    private static final Path DEV_FUSE = Path.of("/dev/fuse");
    /** Where distributions install libfuse2; used only to decide whether to wait for the probe. */
    private static final List<String> LIBRARY_DIRS = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            "/usr/local/lib");

    private FuseSupport() {
    }

    /** The outcome of the probe: an unattached adapter, or why there can be none. */
    private record Probe(VaultFuse adapter, String unavailable) {
    }

    private static final CompletableFuture<Probe> PROBE = new CompletableFuture<>();
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** The probe's adapter until a mount takes it; later mounts in the process build their own. */
    private static final AtomicReference<VaultFuse> SPARE = new AtomicReference<>();

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
        return Optional.ofNullable(PROBE.join().unavailable());
    }

    /**
     * {@link #unavailableReason()} without waiting for the probe when the answer is almost
     * certainly "available" (/dev/fuse and a libfuse2 file are there): the caller goes on to
     * the password prompt, and a probe failure still stops the mount before anything is
     * mounted. Waits when a file is missing, so the reason is the probe's own.
     */
    public static Optional<String> unavailableReasonUnlessLikely() {
        probeInBackground();
        if (!PROBE.isDone() && Files.exists(DEV_FUSE) && libfuseFileExists()) {
            return Optional.empty();
        }
        return unavailableReason();
    }

    private static boolean libfuseFileExists() {
        List<String> dirs = new ArrayList<>(LIBRARY_DIRS);
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(0, List.of(ld.split(":")));
        }
        for (String d : dirs) {
            if (!d.isEmpty() && Files.exists(Path.of(d, "libfuse.so.2"))) {
                return true;
            }
        }
        return false;
    }

    private static Probe probe() {
        if (!Files.exists(DEV_FUSE)) {
            return new Probe(null, "/dev/fuse is missing: load the fuse kernel module, or give the container --device /dev/fuse");
        }
        try {
            VaultFuse adapter = new VaultFuse();
            SessionLoop.bind();
            SPARE.set(adapter);
            return new Probe(adapter, null);
        } catch (Throwable t) { // jnr-ffi reports a missing library as LinkageError or RuntimeException
            return new Probe(null, "libfuse2 could not be loaded (install the libfuse2 package): " + t.getMessage());
        }
    }

    /** The FUSE adapter for {@code fs}, or IO with the fix to apply. */
    static VaultFuse adapter(VaultFileSystem fs, MountConfig config) {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            throw new VaultException(Failure.IO, why.get());
        }
        VaultFuse adapter = SPARE.getAndSet(null);
        if (adapter == null) {
            adapter = new VaultFuse();
        }
        adapter.attach(fs, config);
        return adapter;
    }
}

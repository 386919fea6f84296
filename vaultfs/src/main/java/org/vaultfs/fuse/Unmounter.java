package org.vaultfs.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Unmounts a FUSE mount with fusermount, falling back to umount(8) (root, or no fusermount). */
public final class Unmounter {
    private Unmounter() {
    }

    /**
     * Detaches the mount even if a process still has a file open or its working directory in
     * it: used on shutdown, where leaving a mount behind is the worse outcome.
     */
    public static void unmountLazy(Path mountPoint) {
        unmount(mountPoint, true);
    }

    /** Unmounts, failing with CONFLICT if the mount is busy and NOT_FOUND if it is not mounted. */
    public static void unmount(Path mountPoint, boolean lazy) {
        if (!MountTable.isMounted(mountPoint)) {
            throw new VaultException(Failure.NOT_FOUND, "nothing is mounted on " + mountPoint);
        }
        String mp = MountTable.canonical(mountPoint);
        String fuserOut = run(lazy ? List.of("fusermount", "-u", "-z", mp) : List.of("fusermount", "-u", mp));
        if (!MountTable.isMounted(mountPoint)) {
            return;
        }
        String umountOut = run(lazy ? List.of("umount", "-l", mp) : List.of("umount", mp));
        if (!MountTable.isMounted(mountPoint)) {
            return;
        }
        String why = (fuserOut + " " + umountOut).trim();
        Failure f = why.contains("busy") ? Failure.CONFLICT : Failure.IO;
        throw new VaultException(f, "could not unmount " + mountPoint + (why.isEmpty() ? "" : ": " + why));
    }

    /** Runs a command and returns its combined output; a missing binary counts as a failure. */
    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return cmd.get(0) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cmd.get(0) + ": interrupted";
        }
    }
}

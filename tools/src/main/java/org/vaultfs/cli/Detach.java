package org.vaultfs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The last step of {@code mount --background}, once the mount serves requests: leave the
 * terminal's session (its hangup and Ctrl-C no longer reach the mount), let go of the
 * starter's stdin and stdout, then write one {@link #READY} line on the descriptor the
 * starter is waiting on. A JVM cannot fork, so whoever started it has already put it in the
 * background: the ./vault launcher, or {@link MountDaemon}'s re-executing parent.
 */
final class Detach {
    static final String READY = "READY";
    private static final byte[] READY_LINE = (READY + "\n").getBytes(StandardCharsets.US_ASCII);

    private Detach() {
    }

    /** Binds libc on a daemon thread now, so that {@link #signalReady} does not wait for the binding once mounted. */
    static void prepareInBackground() {
        Thread t = new Thread(() -> {
            try {
                LibC.load();
            } catch (RuntimeException | LinkageError e) {
                // signalReady meets the same failure and reports it
            }
        }, "vault-detach-bind");
        t.setDaemon(true);
        t.start();
    }

    static void signalReady(int readyFd) {
        LibC c;
        try {
            c = LibC.load();
        } catch (RuntimeException | LinkageError e) {
            throw new VaultException(Failure.IO, "cannot detach from the terminal: libc unavailable: " + e.getMessage());
        }
        // Fails only for a process-group leader, which neither starter makes of us; the
        // re-executed child is already a session leader (setsid(1)), which is all this is for.
        c.setsid();
        int devNull = c.open("/dev/null", LibC.O_RDWR);
        if (devNull < 0) {
            throw new VaultException(Failure.IO, "cannot detach from the terminal: /dev/null cannot be opened");
        }
        try {
            for (int fd = 0; fd <= 2; fd++) {
                if (fd != readyFd && (fd != 2 || !keepsStderr())) {
                    c.dup2(devNull, fd);
                }
            }
            // A starter that went away meanwhile cannot be told; the mount stays up regardless.
            c.write(readyFd, READY_LINE, READY_LINE.length);
            if (readyFd <= 2) {
                c.dup2(devNull, readyFd);
            } else {
                c.close(readyFd);
            }
        } finally {
            if (devNull > 2) {
                c.close(devNull);
            }
        }
    }

    /**
     * A terminal or a log file is where the user wants later damage reports to appear; a pipe
     * or socket is a caller that captures our output and would wait for end-of-file forever.
     */
    private static boolean keepsStderr() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/2")).isAbsolute();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

package org.vaultfs.cli;

import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fuse.FuseMount;

/**
 * A mounted vault owned by the CLI process. Closed exactly once, from whichever comes first:
 * the shutdown hook (Ctrl-C, SIGTERM) or the mount going away (vault umount).
 */
final class MountSession implements AutoCloseable {
    private final VaultFileSystem fs;
    private final FuseMount mount;
    private final Thread hook;
    private boolean closed;

    MountSession(VaultFileSystem fs, FuseMount mount) {
        this.fs = fs;
        this.mount = mount;
        this.hook = new Thread(this::close, "vaultfs-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void awaitUnmounted() throws InterruptedException {
        mount.awaitUnmounted();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            mount.close();
        } finally {
            fs.close(); // zeroes cached plaintext and the keys
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running or done; nothing to remove
            }
        }
    }
}

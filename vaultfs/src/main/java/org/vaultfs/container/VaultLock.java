package org.vaultfs.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * One writer per vault: an OS lock on {@code .<name>.lock} beside the vault. The lock dies
 * with the process, so a crash never leaves a vault locked forever.
 */
final class VaultLock implements AutoCloseable {
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private VaultLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    static Path lockFileFor(Path vault) {
        Path abs = vault.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    static VaultLock acquire(Path vault) {
        Path lf = lockFileFor(vault);
        FileChannel ch;
        try {
            ch = FileChannel.open(lf, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw VaultException.io("cannot create lock file " + lf, e);
        }
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new VaultException(Failure.LOCKED, "vault is locked: another vaultfs process is writing " + vault);
            }
            return new VaultLock(lf, ch, l);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new VaultException(Failure.LOCKED, "vault is locked: this process already has it open for writing: " + vault);
        } catch (IOException e) {
            closeQuietly(ch);
            throw VaultException.io("cannot lock " + lf, e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already failing; the lock error is the one to report.
        }
    }

    @Override
    public void close() {
        try {
            // Delete before unlocking so a waiting writer never locks a file we then remove.
            Files.deleteIfExists(lockFile);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The OS releases the lock when the channel is gone; a stale empty file is harmless.
        }
    }
}

package org.vaultfs.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vaultfs.error.Failure;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;

/**
 * One writer per vault: an OS lock on {@code .<name>.lock} beside the vault. The lock dies
 * with the process, so a crash never leaves a vault locked forever.
 */
public final class VaultLock implements AutoCloseable {
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

    public static VaultLock acquire(Path vault) {
        Path lf = lockFileFor(vault);
        // A releasing writer deletes the lock file, so a waiter may lock an unlinked inode
        // while a third writer locks the new file. Each holder therefore proves that the file
        // it locked is the one the path names: it sets the file to a random length and stats
        // the path. (Reading the file back would open and close a second descriptor, and
        // closing any descriptor drops a POSIX lock, so only stat is safe here.)
        for (int attempt = 0; attempt < 5; attempt++) {
            VaultLock l = tryAcquire(vault, lf);
            if (l != null) {
                return l;
            }
        }
        throw new VaultException(Failure.LOCKED, "vault is locked: its lock file keeps changing under " + vault);
    }

    private static VaultLock tryAcquire(Path vault, Path lf) {
        FileChannel ch;
        try {
            ch = FileChannel.open(lf, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            throw VaultException.io("cannot create lock file " + lf, e);
        }
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new VaultException(Failure.LOCKED, "vault is locked: another vaultfs process is writing " + vault);
            }
            long token = 1 + new java.security.SecureRandom().nextInt(1 << 20);
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), token - 1);
            long seen;
            try {
                seen = Files.size(lf);
            } catch (java.nio.file.NoSuchFileException gone) {
                seen = -1;
            }
            if (seen != token) {
                l.release();
                ch.close();
                return null;
            }
            InterruptCleanup.register(lf);
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
            InterruptCleanup.done(lockFile);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The OS releases the lock when the channel is gone; a stale empty file is harmless.
        }
    }
}

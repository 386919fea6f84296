package org.vaultfs.ecc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.vaultfs.crypt.SecureRandomSource;
import org.vaultfs.bytes.Hex;
import org.vaultfs.error.Failure;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;

/**
 * A replacement for {@code target} written beside it: the target changes only when
 * {@link #commit()} has fsynced the new bytes and renamed them over it; closing without a
 * commit deletes the temporary file, leaving the target exactly as it was.
 */
public final class AtomicFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;

    private AtomicFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    public static AtomicFile beside(Path target) {
        Path abs = target.toAbsolutePath();
        Path temp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + Hex.encode(SecureRandomSource.INSTANCE.nextBytes(6)));
        try {
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temp);
            }
            InterruptCleanup.register(temp);
            return new AtomicFile(abs, temp, FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(Failure.CONFLICT, "temporary file already exists: " + temp);
        } catch (IOException e) {
            throw VaultException.io("cannot create a temporary file beside " + abs, e);
        }
    }

    public FileChannel channel() {
        return channel;
    }

    public Path temp() {
        return temp;
    }

    /**
     * Makes the content durable without publishing it: a write that fails for want of space
     * fails here, before anything that depends on this file is published.
     */
    public void flush() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw VaultException.io("cannot write " + temp, e);
        }
    }

    /** Fsyncs, keeps the target's permissions when it exists, renames, fsyncs the directory. */
    public void commit() {
        try {
            channel.force(true);
            channel.close();
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                copyAccess(target, temp);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            InterruptCleanup.done(temp);
            try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // Some filesystems refuse directory fsync; the rename has happened.
            }
        } catch (IOException e) {
            throw VaultException.io("cannot replace " + target, e);
        }
    }

    /**
     * Gives {@code to} the mode, group and (where the process may) owner of {@code from}, so a
     * replaced file keeps who can read it: a 0640 vault shared with a group stays shared.
     */
    public static void copyAccess(Path from, Path to) throws IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(from, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX filesystem: the defaults stand
        }
        PosixFileAttributeView v = Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            v.setOwner(a.owner());
        } catch (IOException e) {
            // Only root may give a file away; the owner is then this user, as for any new file.
        }
        try {
            v.setGroup(a.group());
        } catch (IOException e) {
            // Not a member of that group: the file keeps this user's group.
        }
        v.setPermissions(a.permissions());
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
            if (!committed) {
                Files.deleteIfExists(temp);
                InterruptCleanup.done(temp);
            }
        } catch (IOException e) {
            // Best effort: a leftover temporary file never affects the target.
        }
    }

    /** A sink writing into this file at absolute positions. */
    public StreamSink sink() {
        return (pos, src, off, len) -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(src, off, len);
            try {
                long at = pos;
                while (b.hasRemaining()) {
                    at += channel.write(b, at);
                }
            } catch (IOException e) {
                throw VaultException.io("cannot write " + temp, e);
            }
        };
    }
}

package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vaultfs.bytes.Hex;
import org.vaultfs.crypt.SecureRandomSource;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.error.Failure;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;

/**
 * The new vault being written: a private temporary file beside the target, renamed over it
 * only when complete and durable, so a crash at any instant leaves the old vault or the new
 * one. Named {@code .VAULT.tmp-RANDOM}, so the next writer can recognise and remove what a
 * killed one left.
 */
final class VaultTempFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel out;
    private boolean published;

    private VaultTempFile(Path target, Path temp, FileChannel out) {
        this.target = target;
        this.temp = temp;
        this.out = out;
    }

    /** Creates the temporary file (mode 0600) beside {@code target}, an absolute path. */
    static VaultTempFile beside(Path target) {
        Path dir = target.getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + Hex.encode(SecureRandomSource.INSTANCE.nextBytes(6)));
        try {
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temp);
            }
            InterruptCleanup.register(temp);
            return new VaultTempFile(target, temp, FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ));
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(Failure.CONFLICT, "temporary file already exists: " + temp);
        } catch (IOException e) {
            throw VaultException.io("cannot create a temporary file in " + dir, e);
        }
    }

    /** Removes what a killed writer of {@code target} left; returns the names removed, for the user to hear of. */
    static List<String> removeStale(Path target) {
        List<String> removed = new ArrayList<>();
        Path abs = target.toAbsolutePath();
        String vaultTemps = "." + abs.getFileName() + ".tmp-";
        String sidecarTemps = "." + VaultParity.sidecarFor(abs).getFileName() + ".tmp-";
        // Only a writer holding the lock gets here, so these are leftovers of a killed one.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs.getParent(),
                p -> p.getFileName().toString().startsWith(vaultTemps) || p.getFileName().toString().startsWith(sidecarTemps))) {
            for (Path p : ds) {
                if (Files.deleteIfExists(p)) {
                    removed.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // Leftovers of a killed writer only waste space; never block a new write on them.
        }
        return removed;
    }

    Path path() {
        return temp;
    }

    FileChannel channel() {
        return out;
    }

    void writeAt(ByteBuffer b, long pos) {
        try {
            while (b.hasRemaining()) {
                pos += out.write(b, pos);
            }
        } catch (IOException e) {
            throw VaultException.io("cannot write " + temp, e);
        }
    }

    /** For parity writers: {@code src[off, off+len)} at {@code pos}. */
    void write(long pos, byte[] src, int off, int len) {
        writeAt(ByteBuffer.wrap(src, off, len), pos);
    }

    /** Cuts the file at {@code length}, then forces it to disk and closes it. */
    void finish(long length) throws IOException {
        out.truncate(length);
        out.force(true);
        out.close();
    }

    /**
     * Renames the finished file over the target and makes the rename durable. {@code base}
     * is what the target was when the edit began (null for a new vault): a target changed
     * meanwhile by someone else is never replaced, and an edited vault keeps its mode and owner.
     */
    void publish(BaseSnapshot base) throws IOException {
        if (base == null) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new VaultException(Failure.CONFLICT, "refusing to overwrite " + target + ", created meanwhile");
            }
        } else {
            base.requireUnchanged(target);
            AtomicFile.copyAccess(target, temp);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        published = true;
        InterruptCleanup.done(temp);
        fsyncDirectory(target.getParent());
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems refuse directory fsync; the rename itself has already happened.
        }
    }

    /** Removes the file unless it was published. */
    @Override
    public void close() throws IOException {
        if (out.isOpen()) {
            out.close();
        }
        if (!published) {
            Files.deleteIfExists(temp);
            InterruptCleanup.done(temp);
        }
    }

    /** The target's length and header when the edit began, to tell whether anyone changed it since. */
    record BaseSnapshot(long length, byte[] header) {
        void requireUnchanged(Path target) throws IOException {
            byte[] now = new byte[VaultHeader.SIZE];
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.wrap(now);
                while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                    // keep reading
                }
                if (ch.size() != length || !Arrays.equals(now, header)) {
                    throw new VaultException(Failure.CONFLICT, "vault changed on disk while this write was in progress; nothing was written");
                }
            }
        }
    }
}

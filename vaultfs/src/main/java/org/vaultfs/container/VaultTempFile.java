package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The new vault being written: an {@link AtomicFile} beside the target, published only when
 * complete and durable and only over the vault this edit began from, so a crash at any
 * instant leaves the old vault or the new one. Named {@code .VAULT.tmp-RANDOM}, so the next
 * writer can recognise and remove what a killed one left.
 */
public final class VaultTempFile implements AutoCloseable {
    private final Path target;
    private final AtomicFile file;
    private final DiskWriteback writeback;
    /** Non-null while the data section is appended with O_DIRECT; a write that continues it (the
     *  manifest, then the extensions) joins it, every other access completes it first. */
    private DirectAppend appends;

    private VaultTempFile(Path target, AtomicFile file) {
        this.target = target;
        this.file = file;
        this.writeback = DiskWriteback.of(file.temp());
    }

    /** Creates the temporary file (mode 0600) beside {@code target}, an absolute path. */
    public static VaultTempFile beside(Path target) {
        return new VaultTempFile(target, AtomicFile.beside(target));
    }

    /** Removes what a killed writer of {@code target} left; returns the names removed, for the user to hear of. */
    public static List<String> removeStale(Path target) {
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

    public Path path() {
        return file.temp();
    }

    public FileChannel channel() {
        endAppends();
        return file.channel();
    }

    /**
     * Where the data section's appends from {@code start} go: with {@code direct}, straight to
     * the device where the filesystem allows it ({@link DirectAppend}), otherwise as any write.
     */
    DataSectionWriter.Output dataOutput(long start, boolean direct) {
        endAppends();
        appends = direct ? DirectAppend.open(file.temp(), file.channel(), start) : null;
        return appends != null ? appends : this::writeAt;
    }

    private void endAppends() {
        DirectAppend a = appends;
        if (a != null) {
            appends = null;
            a.finish();
        }
    }

    public void writeAt(ByteBuffer b, long pos) {
        DirectAppend a = appends;
        if (a != null && a.continuesAt(pos)) {
            // What follows the data section (the manifest, the extensions) goes the data's way:
            // a commit writes its tail in order right after the last block.
            a.write(b, pos);
            return;
        }
        endAppends();
        try {
            while (b.hasRemaining()) {
                pos += file.channel().write(b, pos);
            }
        } catch (IOException e) {
            throw VaultException.io("cannot write " + file.temp(), e);
        }
        writeback.wrote(pos);
    }

    /** For parity writers: {@code src[off, off+len)} at {@code pos}. */
    void write(long pos, byte[] src, int off, int len) {
        writeAt(ByteBuffer.wrap(src, off, len), pos);
    }

    /** Cuts the file at {@code length} and forces it to disk: a full disk fails here, before anything is published. */
    public void finish(long length) throws IOException {
        endAppends();
        file.channel().truncate(length);
        file.flush();
    }

    /**
     * Renames the finished file over the target and makes the rename durable. {@code base}
     * is what the target was when the edit began (null for a new vault): a target changed
     * meanwhile by someone else is never replaced, and an edited vault keeps its mode and owner.
     */
    public void publish(BaseSnapshot base) throws IOException {
        if (base == null) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new VaultException(Failure.CONFLICT, "refusing to overwrite " + target + ", created meanwhile");
            }
        } else {
            base.requireUnchanged(target);
        }
        file.commit();
    }

    /** Removes the file unless it was published. */
    @Override
    public void close() {
        DirectAppend a = appends;
        appends = null;
        if (a != null) {
            a.close();
        }
        writeback.close();
        file.close();
    }

    /** The target's length and header when the edit began, to tell whether anyone changed it since. */
    public record BaseSnapshot(long length, byte[] header) {
        public void requireUnchanged(Path target) throws IOException {
            byte[] now = new byte[header.length];
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

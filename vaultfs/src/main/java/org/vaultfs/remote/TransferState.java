package org.vaultfs.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * What an interrupted transfer leaves beside its local file so that the next run resumes it:
 * a few properties, replaced atomically (temp, fsync, rename), never trusted blindly (every
 * resumed part is checked against the bytes it describes).
 */
final class TransferState {
    private TransferState() {
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null; // missing or unreadable state is no state: the transfer starts over
        }
        return p;
    }

    static void save(Path file, Properties p) throws IOException {
        save(file, p, true);
    }

    /**
     * {@code durable} false: no fsync, for progress records whose every claim is re-checked
     * against the bytes before use (a lost record costs a re-download, never a wrong byte),
     * and whose fsync would also flush the big file being written each time on ext4.
     */
    static void save(Path file, Properties p, boolean durable) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "vaultfs transfer state: resumes an interrupted push or pull");
            }
            if (durable) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // a full disk leaves no half-written state behind
            throw e;
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale state file is checked before use, never trusted
        }
    }
}

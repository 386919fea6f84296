package org.vaultfs.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a vault's bytes come from: positional reads of an immutable byte string. Every
 * reader in the library (header, manifest, blocks, parity) goes through this, so a vault
 * held somewhere other than a local file needs only another implementation. Implementations
 * are safe for concurrent reads.
 */
public interface VaultSource extends AutoCloseable {
    /** The length in bytes. */
    long size() throws IOException;

    /**
     * Reads into {@code dst} from {@code position}, like {@link java.nio.channels.FileChannel#read(ByteBuffer, long)}:
     * returns the count read, possibly fewer than asked, or -1 at the end.
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /** What to call it in messages (a path or a URL). */
    String name();

    /**
     * The local file behind it, when there is one: sidecars sit beside it, and the operations
     * that rewrite a vault (edits, repair) need it.
     */
    default Optional<Path> localPath() {
        return Optional.empty();
    }

    @Override
    void close() throws IOException;
}

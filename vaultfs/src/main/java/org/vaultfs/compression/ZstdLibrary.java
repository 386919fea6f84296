package org.vaultfs.compression;

import com.github.luben.zstd.util.ZstdVersion;
import org.vaultfs.bytes.LibraryCopies;

/**
 * Points zstd-jni at its library's verified copy on disk ({@link LibraryCopies}) before its
 * first use: zstd-jni otherwise copies its 1 MB library out of the jar into a temporary file at
 * every start (35-40 ms). Done on first use rather than at start, so that a
 * command that never decompresses (a mount's start, {@code correct}) does not read the copy.
 */
final class ZstdLibrary {
    static final String ENTRY = "linux/amd64/libzstd-jni-" + ZstdVersion.VERSION + ".so";

    private ZstdLibrary() {
    }

    /** Idempotent; the classes that touch zstd-jni call it from their static initialisers. */
    static void useCopyOnDisk() {
        LibraryCopies.pointPropertyAtCopy("ZstdNativePath", ENTRY, false);
    }
}

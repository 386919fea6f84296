package org.vaultfs.compression;

import com.github.luben.zstd.util.ZstdVersion;
import org.vaultfs.bytes.LibraryCopies;

/**
 * Points zstd-jni at its library's verified copy on disk ({@link LibraryCopies}) before its
 * first use: zstd-jni otherwise copies its 1 MB library out of the jar into a temporary file at
 * every start (35-40 ms). It loads the path in {@code ZstdNativePath} unchecked, hence the check
 * first; a path the user set is left alone. Done on first use rather than at start, so that a
 * command that never decompresses (a mount's start, {@code correct}) does not read the copy.
 */
final class ZstdLibrary {
    static final String ENTRY = "linux/amd64/libzstd-jni-" + ZstdVersion.VERSION + ".so";
    private static final String PATH_PROPERTY = "ZstdNativePath";

    private ZstdLibrary() {
    }

    /** Idempotent; the classes that touch zstd-jni call it from their static initialisers. */
    static synchronized void useCopyOnDisk() {
        if (System.getProperty(PATH_PROPERTY) != null
                || !"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return;
        }
        LibraryCopies.of(ENTRY).ifPresent(p -> System.setProperty(PATH_PROPERTY, p.toString()));
    }
}

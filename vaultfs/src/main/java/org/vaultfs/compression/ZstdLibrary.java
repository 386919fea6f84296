package org.vaultfs.compression;

import com.github.luben.zstd.util.ZstdVersion;
import org.vaultfs.bytes.LibraryCopies;

/**
 * Points zstd-jni at its library's verified copy on disk ({@link LibraryCopies}) before its
 * first use: zstd-jni otherwise copies its 1 MB library out of the jar into a temporary file at
 * every start (35-40 ms). zstd-jni reads the path from {@code ZstdNativePath} and loads it
 * unchecked, hence the check first; a path the user set is left alone.
 */
final class ZstdLibrary {
    private static final String PATH_PROPERTY = "ZstdNativePath";
    private static final String ENTRY = "linux/amd64/libzstd-jni-" + ZstdVersion.VERSION + ".so";

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

package org.vaultfs;

import com.kenai.jffi.Version;
import org.vaultfs.bytes.LibraryCopies;

/**
 * Points jffi (jnr-ffi's stub) at a verified copy of its library on disk ({@link LibraryCopies})
 * before its first use, which may come from any thread (a mount's probe starts at once): it
 * otherwise copies the library out of the jar into a temporary file at every start, 15-25 ms
 * of a mount or an extraction. jffi loads the path it is given unchecked, hence the check
 * first; a path the user set is left alone. (zstd-jni's copy is taken on its first use, by
 * {@code compression.ZstdLibrary}.)
 */
final class DependencyLibraries {
    static final String JFFI = "jni/x86_64-Linux/libjffi-" + Version.MAJOR + "." + Version.MINOR + ".so";

    private DependencyLibraries() {
    }

    static synchronized void useCopiesOnDisk() {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return;
        }
        if (System.getProperty("jffi.boot.library.path") == null) { // a directory: jffi adds the file name
            LibraryCopies.of(JFFI).ifPresent(p -> System.setProperty("jffi.boot.library.path", p.getParent().toString()));
        }
    }
}

package org.vaultfs;

import com.kenai.jffi.Version;
import org.vaultfs.bytes.LibraryCopies;

/**
 * Points jffi (jnr-ffi's stub) at a verified copy of its library on disk ({@link LibraryCopies})
 * before its first use, which may come from any thread (a mount's probe starts at once): it
 * otherwise copies the library out of the jar into a temporary file at every start, 15-25 ms
 * of a mount or an extraction. (zstd-jni's copy is taken on its first use, by
 * {@code compression.ZstdLibrary}.)
 */
final class DependencyLibraries {
    static final String JFFI = "jni/x86_64-Linux/libjffi-" + Version.MAJOR + "." + Version.MINOR + ".so";

    private DependencyLibraries() {
    }

    static void useCopiesOnDisk() {
        LibraryCopies.pointPropertyAtCopy("jffi.boot.library.path", JFFI, true); // jffi adds the file name
    }
}

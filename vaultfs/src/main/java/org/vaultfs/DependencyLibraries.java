package org.vaultfs;

import com.github.luben.zstd.util.ZstdVersion;
import com.kenai.jffi.Version;
import org.vaultfs.bytes.LibraryCopies;

/**
 * Points zstd-jni and jffi (jnr-ffi's stub) at verified copies of their libraries on disk
 * ({@link LibraryCopies}) before their first use. Each otherwise copies its library out of the
 * jar into a temporary file at every start: zstd-jni 35-40 ms of every command that opens a
 * vault, jffi 15-25 ms of a mount or an extraction. Both load the path they are given unchecked,
 * hence the check first; a path the user set is left alone.
 */
final class DependencyLibraries {
    static final String ZSTD = "linux/amd64/libzstd-jni-" + ZstdVersion.VERSION + ".so";
    static final String JFFI = "jni/x86_64-Linux/libjffi-" + Version.MAJOR + "." + Version.MINOR + ".so";

    private DependencyLibraries() {
    }

    static synchronized void useCopiesOnDisk() {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return;
        }
        if (System.getProperty("ZstdNativePath") == null) {
            LibraryCopies.of(ZSTD).ifPresent(p -> System.setProperty("ZstdNativePath", p.toString()));
        }
        if (System.getProperty("jffi.boot.library.path") == null) { // a directory: jffi adds the file name
            LibraryCopies.of(JFFI).ifPresent(p -> System.setProperty("jffi.boot.library.path", p.getParent().toString()));
        }
    }
}

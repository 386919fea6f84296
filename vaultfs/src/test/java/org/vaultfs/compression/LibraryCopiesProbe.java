package org.vaultfs.compression;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a child JVM by {@link NativeLibrariesInPlaceTest}: loads both libraries, prints which files are mapped. */
final class LibraryCopiesProbe {
    private LibraryCopiesProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("vaultfs loaded=" + org.vaultfs.crypt.NativeLibrary.loaded());
        ZstdLibrary.useCopyOnDisk();
        System.out.println("zstd bound=" + com.github.luben.zstd.Zstd.compressBound(1)); // loads zstd-jni's library
        for (String lib : new String[] {"libvaultfs-native", "libzstd-jni"}) {
            System.out.println(Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("/" + lib))
                    .map(l -> l.substring(l.indexOf('/')))
                    .findFirst().orElse(lib + " not mapped"));
        }
    }
}

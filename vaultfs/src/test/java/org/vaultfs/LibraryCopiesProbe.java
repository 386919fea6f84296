package org.vaultfs;

import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a child JVM by {@link NativeLibrariesInPlaceTest}: loads the three libraries, prints which files are mapped. */
final class LibraryCopiesProbe {
    private LibraryCopiesProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("vaultfs loaded=" + org.vaultfs.crypt.NativeLibrary.loaded());
        DependencyLibraries.useCopiesOnDisk();
        // vaultfs' first user of zstd-jni takes the copy in its static initialiser.
        Class.forName("org.vaultfs.compression.ChunkDecompressor", true, LibraryCopiesProbe.class.getClassLoader());
        System.out.println("zstd bound=" + com.github.luben.zstd.Zstd.compressBound(1)); // loads zstd-jni's library
        System.out.println("jffi page=" + com.kenai.jffi.PageManager.getInstance().pageSize()); // loads jffi's
        for (String lib : new String[] {"libvaultfs-native", "zstd-jni", "jffi"}) { // the temporary copies' names too
            System.out.println(Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains(lib))
                    .map(l -> l.substring(l.indexOf('/')))
                    .findFirst().orElse(lib + " not mapped"));
        }
    }
}

package org.vaultfs.bytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Copies of the jar's native libraries already on disk, so that a start need not copy them out
 * of the jar (vaultfs' own C library: 15-30 ms of every command, zstd-jni's: 35-40 ms of every
 * command that opens a vault; most of it the temporary file's SecureRandom and the write).
 *
 * <p>{@code -Dvaultfs.native.dir} names a directory holding files at their paths inside the jar
 * (the launcher names the one the build fills beside vault.jar). A file there is used only when
 * the class path is one jar and the file has exactly the size and CRC-32 that jar's central
 * directory records for the same entry: a copy left by another build is never loaded in place
 * of the jar's own. The check guards against staleness, not against an attacker: whoever can
 * write the copies can write the jar beside them.
 */
public final class LibraryCopies {
    public static final String DIR_PROPERTY = "vaultfs.native.dir";

    private LibraryCopies() {
    }

    /** The verified copy of jar entry {@code entry} (a path like {@code a/b/libx.so}), if there is one. */
    public static Optional<Path> of(String entry) {
        return of(System.getProperty(DIR_PROPERTY, ""), System.getProperty("java.class.path", ""), entry);
    }

    /**
     * For a dependency that loads its library from a path in a system property, unchecked:
     * sets {@code property} to the verified copy of {@code entry} (to the directory holding it
     * when {@code directory}), on x86-64 Linux only, where the copies are this machine's, and
     * only when the property is not set already (a path the user gave is left alone).
     */
    public static synchronized void pointPropertyAtCopy(String property, String entry, boolean directory) {
        if (System.getProperty(property) != null
                || !"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return;
        }
        of(entry).ifPresent(p -> System.setProperty(property, (directory ? p.getParent() : p).toString()));
    }

    static Optional<Path> of(String dir, String classPath, String entry) {
        if (dir.isEmpty() || classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(dir).toAbsolutePath().resolve(entry).normalize();
            ZipEntry recorded;
            try (JarFile jar = new JarFile(classPath, false)) { // shares the class loader's parsed directory
                recorded = jar.getEntry(entry);
            }
            return recorded != null && holdsExactly(file, recorded.getSize(), recorded.getCrc()) ? Optional.of(file) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsExactly(Path file, long size, long crc) throws IOException {
        if (size < 0 || crc < 0 || !Files.isRegularFile(file)) {
            return false; // checked before opening: a FIFO's open would wait for a writer
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() != size) {
                return false;
            }
            CRC32 sum = new CRC32();
            ByteBuffer buf = ByteBuffer.allocate(64 << 10);
            long total = 0;
            for (int n; (n = ch.read(buf.clear())) > 0; total += n) {
                sum.update(buf.flip());
            }
            return total == size && sum.getValue() == crc;
        }
    }
}

package org.vaultfs.bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which copies on disk pass for the jar's own: exactly its size and CRC-32, one jar on the class path. */
class LibraryCopiesTest {
    private static final String ENTRY = "a/b/libx.so";

    @TempDir
    Path dir;
    private Path jar;
    private final byte[] library = new byte[100_000];

    @BeforeEach
    void jar() throws IOException {
        new java.util.Random(7).nextBytes(library);
        jar = dir.resolve("one.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(ENTRY));
            out.write(library);
            out.closeEntry();
        }
        Files.createDirectories(dir.resolve("native/a/b"));
    }

    private Optional<Path> copyWith(byte[] bytes) throws IOException {
        Files.write(dir.resolve("native").resolve(ENTRY), bytes);
        return LibraryCopies.of(dir.resolve("native").toString(), jar.toString(), ENTRY);
    }

    @Test
    void anExactCopyIsTaken() throws IOException {
        assertEquals(Optional.of(dir.resolve("native").resolve(ENTRY)), copyWith(library));
    }

    @Test
    void anyOtherContentIsNot() throws IOException {
        byte[] flipped = library.clone();
        flipped[65_537] ^= (byte) 0x80; // past the first read of 64 KiB
        assertTrue(copyWith(flipped).isEmpty());
        assertTrue(copyWith(java.util.Arrays.copyOf(library, library.length - 1)).isEmpty());
        assertTrue(copyWith(java.util.Arrays.copyOf(library, library.length + 1)).isEmpty());
        assertTrue(copyWith(new byte[0]).isEmpty());
    }

    @Test
    void noCopyADirectoryOrAnEntryTheJarLacksIsNot() throws IOException {
        assertTrue(LibraryCopies.of(dir.resolve("native").toString(), jar.toString(), ENTRY).isEmpty(), "no file yet");
        Files.createDirectories(dir.resolve("native").resolve(ENTRY));
        assertTrue(LibraryCopies.of(dir.resolve("native").toString(), jar.toString(), ENTRY).isEmpty());
        assertTrue(LibraryCopies.of(dir.resolve("native").toString(), jar.toString(), "a/b/other.so").isEmpty());
    }

    @Test
    void onlyAClassPathOfOneJarIsTrusted() throws IOException {
        copyWith(library);
        String native_ = dir.resolve("native").toString();
        assertTrue(LibraryCopies.of(native_, jar + java.io.File.pathSeparator + dir, ENTRY).isEmpty(), "two entries");
        assertTrue(LibraryCopies.of(native_, dir.toString(), ENTRY).isEmpty(), "a directory");
        assertTrue(LibraryCopies.of(native_, dir.resolve("absent.jar").toString(), ENTRY).isEmpty(), "no such jar");
        assertTrue(LibraryCopies.of("", jar.toString(), ENTRY).isEmpty(), "no directory named");
    }
}

package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.bytes.LibraryCopies;
import org.vaultfs.crypt.NativeLibrary;

/**
 * vaultfs' C library, zstd-jni's and jffi's, each loaded from its copy in {@code -Dvaultfs.native.dir}
 * by a JVM whose class path is one jar, as the launcher's is; a copy that is not the jar's
 * own is passed over for the private temporary copy. What got mapped is read from the child's
 * /proc/self/maps.
 */
class NativeLibrariesInPlaceTest {
    private static final String OURS = "org/vaultfs/crypt/native/libvaultfs-native.so";
    private static final String ZSTD = "linux/amd64/libzstd-jni-" + com.github.luben.zstd.util.ZstdVersion.VERSION + ".so";
    private static final String JFFI = DependencyLibraries.JFFI;

    @TempDir
    Path dir;
    private Path jar;
    private Path copies;

    @BeforeEach
    void buildJarAndCopies() throws IOException {
        Path classes = codeSource(NativeLibrary.class);
        assumeTrue(Files.isRegularFile(classes.resolve(OURS)), "no C library in this build");
        Path testClasses = codeSource(LibraryCopiesProbe.class);
        jar = dir.resolve("one.jar");
        copies = dir.resolve("native");
        Set<String> seen = new HashSet<>();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String c : List.of(OURS, "org/vaultfs/crypt/NativeLibrary.class", "org/vaultfs/bytes/LibraryCopies.class",
                    "org/vaultfs/DependencyLibraries.class", "org/vaultfs/compression/ZstdLibrary.class",
                    "org/vaultfs/compression/ChunkDecompressor.class", "org/vaultfs/chunking/CdcBounds.class",
                    "org/vaultfs/error/Failure.class", "org/vaultfs/error/VaultException.class")) {
                add(out, c, Files.readAllBytes(classes.resolve(c)), seen);
            }
            add(out, "org/vaultfs/LibraryCopiesProbe.class", Files.readAllBytes(testClasses.resolve("org/vaultfs/LibraryCopiesProbe.class")), seen);
            // zstd-jni's classes and library; jffi's classes, and its library from its "native" jar
            for (Path from : List.of(codeSource(Zstd.class), codeSource(com.kenai.jffi.PageManager.class), jffiNativeJar())) {
                try (JarFile dep = new JarFile(from.toFile())) {
                    for (JarEntry e : java.util.Collections.list(dep.entries())) {
                        if (!e.isDirectory() && (e.getName().endsWith(".class") || e.getName().equals(ZSTD) || e.getName().equals(JFFI))) {
                            try (InputStream in = dep.getInputStream(e)) {
                                add(out, e.getName(), in.readAllBytes(), seen);
                            }
                        }
                    }
                }
            }
        }
        try (JarFile built = new JarFile(jar.toFile())) {
            for (String lib : List.of(OURS, ZSTD, JFFI)) {
                Path copy = copies.resolve(lib);
                Files.createDirectories(copy.getParent());
                try (InputStream in = built.getInputStream(built.getEntry(lib))) {
                    Files.write(copy, in.readAllBytes());
                }
            }
        }
    }

    /** jffi's libraries come in a jar of their own (classifier "native") on the test class path. */
    private static Path jffiNativeJar() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("jffi") && e.endsWith("-native.jar")).map(Path::of).findFirst()
                .orElseThrow(() -> new AssertionError("no jffi native jar on the class path"));
    }

    private static Path codeSource(Class<?> c) {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath());
    }

    private static void add(JarOutputStream out, String name, byte[] bytes, Set<String> seen) throws IOException {
        if (seen.add(name)) {
            out.putNextEntry(new JarEntry(name));
            out.write(bytes);
            out.closeEntry();
        }
    }

    /** Lines: ours loaded, zstd's and jffi's answers, then the file mapped for each of the three. */
    private List<String> run(boolean withDir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (withDir) {
            cmd.add("-D" + LibraryCopies.DIR_PROPERTY + "=" + copies);
        }
        cmd.addAll(List.of("-cp", jar.toString(), "org.vaultfs.LibraryCopiesProbe"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(6, lines.size(), out);
        assertEquals("vaultfs loaded=true", lines.get(0), out);
        assertTrue(lines.get(1).startsWith("zstd bound=") && lines.get(2).startsWith("jffi page="), out);
        return lines;
    }

    private static void assertTemporaryCopy(String mapped) {
        assertTrue(mapped.endsWith(" (deleted)") && !mapped.contains("/native/"), "expected a deleted temporary copy, got: " + mapped);
    }

    private void flipOneByte(String lib) throws IOException {
        Path copy = copies.resolve(lib);
        byte[] b = Files.readAllBytes(copy);
        b[b.length / 2] ^= 1; // same size: only the CRC tells
        Files.write(copy, b);
    }

    @Test
    void bothLibrariesAreLoadedWhereTheirCopiesLie() throws Exception {
        List<String> out = run(true);
        assertEquals(copies.resolve(OURS).toString(), out.get(3));
        assertEquals(copies.resolve(ZSTD).toString(), out.get(4));
        assertEquals(copies.resolve(JFFI).toString(), out.get(5));
    }

    @Test
    void aCopyDifferingInOneByteIsPassedOver() throws Exception {
        flipOneByte(OURS);
        flipOneByte(ZSTD);
        flipOneByte(JFFI);
        List<String> out = run(true);
        assertTemporaryCopy(out.get(3));
        assertTemporaryCopy(out.get(4));
        assertTemporaryCopy(out.get(5));
    }

    @Test
    void withoutTheDirectoryBothAreCopiedOutAsBefore() throws Exception {
        List<String> out = run(false);
        assertTemporaryCopy(out.get(3));
        assertTemporaryCopy(out.get(4));
        assertTemporaryCopy(out.get(5));
    }
}

package org.vaultfs.crypt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.vaultfs.bytes.LibraryCopies;

/**
 * Loads vaultfs's own C code (src/main/native: BLAKE3 lanes, Reed-Solomon with GFNI) once per
 * process. It is a resource of the jar, loaded from its verified copy on disk where there is
 * one ({@link LibraryCopies}); otherwise copied into a private temporary directory, loaded and
 * deleted at once. Absent (no C compiler at build time, not x86-64 Linux) or disabled with
 * {@code -Dvaultfs.native=false}, every caller keeps to its Java code, with the same results.
 */
public final class NativeLibrary {
    private static final String RESOURCE = "native/libvaultfs-native.so";
    private static final boolean LOADED = load();

    private NativeLibrary() {
    }

    /** Whether the C code is loaded; its classes check before each use. */
    public static boolean loaded() {
        return LOADED;
    }

    /**
     * Whether the JDK maps file names to bytes as UTF-8 ({@code sun.jnu.encoding}): C code that
     * takes or returns names as UTF-8 bytes then names the same files the JDK's paths do.
     */
    public static boolean pathsAreUtf8() {
        String jnu = System.getProperty("sun.jnu.encoding", "");
        return jnu.equalsIgnoreCase("UTF-8") || jnu.equalsIgnoreCase("UTF8");
    }

    private static boolean load() {
        if (!Boolean.parseBoolean(System.getProperty("vaultfs.native", "true"))
                || !"Linux".equals(System.getProperty("os.name"))
                || !"amd64".equals(System.getProperty("os.arch"))) {
            return false;
        }
        Optional<Path> copy = LibraryCopies.of(NativeLibrary.class.getPackageName().replace('.', '/') + "/" + RESOURCE);
        if (copy.isPresent()) {
            try {
                System.load(copy.get().toString());
                return true;
            } catch (UnsatisfiedLinkError | SecurityException e) {
                // the private copy below
            }
        }
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE)) {
            return in != null && loadPrivateCopy(in.readAllBytes());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean loadPrivateCopy(byte[] library) {
        try {
            // createTempDirectory makes it owner-only, so nobody can swap the file before dlopen.
            Path dir = Files.createTempDirectory("vaultfs-native");
            Path lib = dir.resolve("libvaultfs-native.so");
            try {
                Files.write(lib, library, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                System.load(lib.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(lib);
                Files.deleteIfExists(dir);
            }
            return true;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return false;
        }
    }
}

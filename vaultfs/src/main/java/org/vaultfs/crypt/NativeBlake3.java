package org.vaultfs.crypt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One-shot BLAKE3 in C (src/main/native): sixteen 1 KiB chunks per AVX-512 pass where the
 * CPU has it, the portable C compression function elsewhere. The JVM cannot keep sixteen
 * lanes of BLAKE3 in vector registers without the incubating vector API and a warm C2, which
 * a command that runs for seconds never has; the C code is ready at the first call.
 *
 * <p>The library is a resource of the jar, copied into a private temporary directory, loaded
 * and deleted at once. Set {@code -Dvaultfs.native=false} to hash in Java only, and
 * {@code -Dvaultfs.native.wide=false} to keep the C code off the wide lanes (both for
 * benchmarks and the differential tests).
 */
final class NativeBlake3 {
    private static final String RESOURCE = "native/libvaultfs-native.so";
    /** Below this, the JNI transition costs more than the Java code saves. */
    static final int MIN_LEN = 1024;
    private static final int LANES = load();
    private static final boolean WIDE = Boolean.parseBoolean(System.getProperty("vaultfs.native.wide", "true"));

    private NativeBlake3() {
    }

    /** Whether the C code is loaded. */
    static boolean available() {
        return LANES > 0;
    }

    /** Chunks the CPU lets the C code hash per pass: 16 with AVX-512F, else 1; 0 without the library. */
    static int lanes() {
        return LANES;
    }

    /** BLAKE3 of {@code data[off, off+len)} keyed by {@code keyWords}, 32 bytes into {@code out}. */
    static void hash(int[] keyWords, int flags, byte[] data, int off, int len, byte[] out, int outOff) {
        hash(keyWords, flags, data, off, len, out, outOff, WIDE);
    }

    /** As above; {@code wide = false} keeps to the portable C code (differential tests). */
    static void hash(int[] keyWords, int flags, byte[] data, int off, int len, byte[] out, int outOff,
                     boolean wide) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        java.util.Objects.checkFromIndexSize(outOff, Blake3.OUT_LEN, out.length);
        if (keyWords.length != 8) {
            throw new IllegalArgumentException("BLAKE3 key must be 8 words");
        }
        hash0(keyWords, flags, data, off, len, out, outOff, wide);
    }

    private static int load() {
        if (!Boolean.parseBoolean(System.getProperty("vaultfs.native", "true"))
                || !"Linux".equals(System.getProperty("os.name"))
                || !"amd64".equals(System.getProperty("os.arch"))) {
            return 0;
        }
        try (InputStream in = NativeBlake3.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return 0;
            }
            // createTempDirectory makes it owner-only, so nobody can swap the file before dlopen.
            Path dir = Files.createTempDirectory("vaultfs-native");
            Path lib = dir.resolve("libvaultfs-native.so");
            try {
                Files.copy(in, lib);
                System.load(lib.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(lib);
                Files.deleteIfExists(dir);
            }
            return lanes0();
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return 0;
        }
    }

    private static native int lanes0();

    private static native void hash0(int[] keyWords, int flags, byte[] data, int off, int len, byte[] out, int outOff,
                                     boolean wide);
}

package org.vaultfs.crypt;

/**
 * One-shot BLAKE3 in C (src/main/native): sixteen 1 KiB chunks per AVX-512 pass where the
 * CPU has it, the portable C compression function elsewhere. The JVM cannot keep sixteen
 * lanes of BLAKE3 in vector registers without the incubating vector API and a warm C2, which
 * a command that runs for seconds never has; the C code is ready at the first call.
 *
 * <p>{@code -Dvaultfs.native.wide=false} keeps the C code off the wide lanes (benchmarks);
 * see {@link NativeLibrary} for the library itself.
 */
final class NativeBlake3 {
    /** Below this, the JNI transition costs more than the Java code saves. */
    static final int MIN_LEN = 1024;
    private static final boolean AVAILABLE = NativeLibrary.loaded() && lanes0() > 0;
    private static final boolean WIDE = Boolean.parseBoolean(System.getProperty("vaultfs.native.wide", "true"));

    private NativeBlake3() {
    }

    /** Whether the C code is loaded. */
    static boolean available() {
        return AVAILABLE;
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

    /** Picks the kernel the CPU allows; returns the chunks per pass (16 with AVX-512F, else 1). */
    private static native int lanes0();

    private static native void hash0(int[] keyWords, int flags, byte[] data, int off, int len, byte[] out, int outOff,
                                     boolean wide);
}

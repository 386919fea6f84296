package org.vaultfs.crypt;

import java.util.Objects;

/**
 * SHA-256 in C with the x86 SHA extensions (src/main/native/sha256_native.c), for
 * {@link Sha256}. The JDK's SHA-256 uses the same instructions only once C2 has compiled it,
 * which a vault's open comes too early for: a mount's 8 MiB manifest digest ran at Java
 * speed there.
 */
final class NativeSha256 {
    private static final boolean AVAILABLE = NativeLibrary.loaded() && init0();

    private NativeSha256() {
    }

    /** Whether the library is loaded and the CPU has the SHA extensions, SSSE3 and SSE4.1. */
    static boolean available() {
        return AVAILABLE;
    }

    static byte[] digest(byte[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        byte[] out = new byte[32];
        digest0(in, off, len, out);
        return out;
    }

    /** Sets {@code state} to the initial hash value (in the C code's own order). */
    static native void start0(int[] state);

    /** Folds the {@code count} 64-byte blocks at {@code in[off]} into {@code state}; bounds checked by the caller. */
    static native void blocks0(int[] state, byte[] in, int off, int count);

    /** The digest of a state whose message, padding included, is folded in. */
    static native void out0(int[] state, byte[] out);

    private static native boolean init0();

    private static native void digest0(byte[] in, int off, int len, byte[] out);
}

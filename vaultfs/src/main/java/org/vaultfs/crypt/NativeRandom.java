package org.vaultfs.crypt;

/**
 * The kernel's CSPRNG through {@code getrandom(2)} ({@code random_native.c}), where the C library
 * is loaded. The JDK's default {@code SecureRandom} on Linux reads the same kernel source but
 * mixes every draw with a SHA1PRNG of its own: one SHA-1 in Java per nonce, interpreted and
 * then compiled three times during a seal (60 ms of C2 alone).
 */
final class NativeRandom {
    private static final boolean AVAILABLE = NativeLibrary.loaded() && linked();

    private NativeRandom() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** Fills {@code out}; 0, or the errno that stopped it (the bytes are then not to be used). */
    static int fill(byte[] out) {
        return fill0(out, out.length);
    }

    private static boolean linked() {
        try {
            return fill0(new byte[1], 1) == 0;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static native int fill0(byte[] out, int length);
}

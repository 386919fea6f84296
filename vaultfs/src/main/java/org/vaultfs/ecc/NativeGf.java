package org.vaultfs.ecc;

import org.vaultfs.crypt.NativeLibrary;

/**
 * Reed-Solomon region coding in C with GFNI (src/main/native/gf_gfni.c): each coefficient
 * becomes an 8x8 bit matrix applied to 64 bytes per instruction, where the Java code looks
 * up one byte at a time. Only on CPUs with AVX-512BW and GFNI; elsewhere {@link CodingLoop}
 * codes in Java, with the same bytes.
 */
final class NativeGf {
    private static final boolean AVAILABLE = NativeLibrary.loaded() && init0();

    private NativeGf() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /**
     * As {@link CodingLoop#code}; false (nothing written) when the C code cannot take this
     * call, and the caller codes in Java.
     */
    static boolean code(byte[][] coefficients, byte[][] inputs, int inOffset, byte[][] outputs, int outOffset,
                        int byteCount) {
        if (!AVAILABLE || inputs.length == 0 || outputs.length == 0) {
            return false;
        }
        byte[] flat = new byte[outputs.length * inputs.length];
        for (int o = 0; o < outputs.length; o++) {
            System.arraycopy(coefficients[o], 0, flat, o * inputs.length, inputs.length);
        }
        for (byte[] in : inputs) {
            java.util.Objects.checkFromIndexSize(inOffset, byteCount, in.length);
        }
        for (byte[] out : outputs) {
            java.util.Objects.checkFromIndexSize(outOffset, byteCount, out.length);
        }
        return code0(flat, inputs, inOffset, outputs, outOffset, byteCount) == 0;
    }

    private static native boolean init0();

    private static native int code0(byte[] coefficients, byte[][] inputs, int inOffset, byte[][] outputs,
                                    int outOffset, int byteCount);
}

package org.vaultfs.ecc;

/**
 * outputs[o][outOffset+i] = sum over j of coefficients[o][j] * inputs[j][inOffset+i].
 * Works in tiles so the outputs being accumulated stay in L1 while each input streams past
 * once per tile, and serves two outputs per input pass to halve the input loads.
 */
final class CodingLoop {
    private static final int TILE = 8 * 1024;
    /** Below this the JNI transition and copies cost more than the C code saves. */
    private static final int NATIVE_MIN = 512;

    private CodingLoop() {
    }

    static void code(byte[][] coefficients, byte[][] inputs, int inOffset,
                     byte[][] outputs, int outOffset, int byteCount) {
        if (byteCount >= NATIVE_MIN && NativeGf.code(coefficients, inputs, inOffset, outputs, outOffset, byteCount)) {
            return;
        }
        codeInJava(coefficients, inputs, inOffset, outputs, outOffset, byteCount);
    }

    /** The Java code alone; also the reference the C code is tested against. */
    static void codeInJava(byte[][] coefficients, byte[][] inputs, int inOffset,
                           byte[][] outputs, int outOffset, int byteCount) {
        int outputCount = outputs.length;
        for (int done = 0; done < byteCount; done += TILE) {
            int n = Math.min(TILE, byteCount - done);
            int o = 0;
            for (; o + 1 < outputCount; o += 2) {
                codeTwo(coefficients[o], coefficients[o + 1], inputs, inOffset + done,
                        outputs[o], outputs[o + 1], outOffset + done, n);
            }
            if (o < outputCount) {
                codeOne(coefficients[o], inputs, inOffset + done, outputs[o], outOffset + done, n);
            }
        }
    }

    private static void codeTwo(byte[] c0, byte[] c1, byte[][] inputs, int inStart,
                                byte[] out0, byte[] out1, int outStart, int n) {
        int delta = outStart - inStart;
        int end = inStart + n;
        for (int j = 0; j < inputs.length; j++) {
            byte[] t0 = Galois.mulRows()[c0[j] & 0xff];
            byte[] t1 = Galois.mulRows()[c1[j] & 0xff];
            byte[] in = inputs[j];
            if (j == 0) {
                for (int i = inStart; i < end; i++) {
                    int b = in[i] & 0xff;
                    out0[i + delta] = t0[b];
                    out1[i + delta] = t1[b];
                }
            } else {
                for (int i = inStart; i < end; i++) {
                    int b = in[i] & 0xff;
                    out0[i + delta] ^= t0[b];
                    out1[i + delta] ^= t1[b];
                }
            }
        }
    }

    private static void codeOne(byte[] c, byte[][] inputs, int inStart, byte[] out, int outStart, int n) {
        int delta = outStart - inStart;
        int end = inStart + n;
        for (int j = 0; j < inputs.length; j++) {
            byte[] t = Galois.mulRows()[c[j] & 0xff];
            byte[] in = inputs[j];
            if (j == 0) {
                for (int i = inStart; i < end; i++) {
                    out[i + delta] = t[in[i] & 0xff];
                }
            } else {
                for (int i = inStart; i < end; i++) {
                    out[i + delta] ^= t[in[i] & 0xff];
                }
            }
        }
    }
}

package org.vaultfs.ecc;

/** GF(2^8) with polynomial x^8+x^4+x^3+x^2+1 (0x11D) and generator 2. */
final class Galois {
    static final int POLYNOMIAL = 0x11D;

    /** LOG[0] is unused: zero has no logarithm. */
    static final int[] LOG = new int[256];
    /** Doubled so that EXP[LOG[a] + LOG[b]] needs no modulo. */
    static final int[] EXP = new int[510];
    /** MUL[a][b] = a*b; a row is the whole lookup table for multiplying by a. */
    static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            EXP[i + 255] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = (byte) slowMultiply(a, b);
            }
        }
    }

    private Galois() {
    }

    private static int slowMultiply(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    static int multiply(int a, int b) {
        return MUL[a][b] & 0xff;
    }

    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("zero has no inverse in GF(256)");
        }
        return EXP[255 - LOG[a]];
    }

    /** a^n with 0^0 = 1, as the Vandermonde construction needs. */
    static int power(int a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(LOG[a] * n) % 255];
    }
}

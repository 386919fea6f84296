package org.vaultfs.ecc;

/** GF(2^8) with polynomial x^8+x^4+x^3+x^2+1 (0x11D) and generator 2. */
final class Galois {
    static final int POLYNOMIAL = 0x11D;

    /** LOG[0] is unused: zero has no logarithm. */
    static final int[] LOG = new int[256];
    /** Doubled so that EXP[LOG[a] + LOG[b]] needs no modulo. */
    static final int[] EXP = new int[510];
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
    }

    private Galois() {
    }

    static int multiply(int a, int b) {
        return a == 0 || b == 0 ? 0 : EXP[LOG[a] + LOG[b]];
    }

    /**
     * The multiplication table, {@code mulRows()[a][b] = a*b}: a row is the whole lookup table
     * for multiplying by a, for the Java coding loop. Built on first use, not with the field:
     * filling 65,536 entries in the interpreter was 10-20 ms of every `correct` start, and the
     * C coding loop, where it is loaded, never needs it.
     */
    static byte[][] mulRows() {
        return MulRows.TABLE;
    }

    private static final class MulRows {
        static final byte[][] TABLE = new byte[256][256];

        static {
            for (int a = 1; a < 256; a++) {
                byte[] row = TABLE[a];
                int la = LOG[a];
                for (int b = 1; b < 256; b++) {
                    row[b] = (byte) EXP[la + LOG[b]];
                }
            }
        }
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

package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GaloisTest {
    /** Carry-less shift-and-add multiply reduced by 0x11D: independent of the tables. */
    static int slowMul(int a, int b) {
        int r = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                r ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
            b >>= 1;
        }
        return r;
    }

    @Test
    void multiplicationTableMatchesPolynomialArithmetic() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(slowMul(a, b), Galois.multiply(a, b), a + "*" + b);
            }
        }
    }

    @Test
    void theJavaLoopsTableMatchesToo() {
        byte[][] rows = Galois.mulRows();
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(slowMul(a, b), rows[a][b] & 0xff, a + "*" + b);
            }
        }
    }

    @Test
    void inversesAndPowers() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, slowMul(a, Galois.inverse(a)));
        }
        int x = 1;
        for (int n = 0; n < 300; n++) {
            assertEquals(x, Galois.power(2, n));
            x = slowMul(x, 2);
        }
        assertEquals(1, Galois.power(0, 0));
        assertEquals(0, Galois.power(0, 3));
        // Known values of the 0x11D field (also in Backblaze's GaloisTest).
        assertEquals(0x0c, Galois.multiply(3, 4));
        assertEquals(0x1d, Galois.multiply(0x80, 2));
    }
}

package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vaultfs.crypt.NativeLibrary;

/** The GFNI region coding against the Java table code and the field's own multiplication. */
class NativeGfTest {
    @Test
    void usedWhereTheCpuHasGfni() throws Exception {
        boolean gfni = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo")).contains(" gfni");
        boolean avx512bw = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo")).contains(" avx512bw");
        if (NativeLibrary.loaded() && gfni && avx512bw) {
            assertTrue(NativeGf.available(), "GFNI kernel not enabled on a CPU that has it");
        }
    }

    @Test
    void matchesJavaForAnyCoefficientsShapeAndOffsets() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeGf.available());
        qt().withExamples(200).forAll(integers().between(1, 40), integers().between(1, 12),
                integers().between(0, 70_000), longs().all()).checkAssert((nIn, nOut, len, seed) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    int inOff = rnd.nextInt(100);
                    int outOff = rnd.nextInt(100);
                    byte[][] coeff = new byte[nOut][nIn];
                    for (byte[] row : coeff) {
                        rnd.nextBytes(row);
                    }
                    byte[][] in = new byte[nIn][inOff + len + rnd.nextInt(10)];
                    for (byte[] row : in) {
                        rnd.nextBytes(row);
                    }
                    byte[][] viaC = new byte[nOut][outOff + len + 3];
                    byte[][] viaJava = new byte[nOut][outOff + len + 3];
                    for (int o = 0; o < nOut; o++) {
                        rnd.nextBytes(viaC[o]);
                        viaJava[o] = viaC[o].clone(); // bytes outside the range must survive too
                    }
                    assertTrue(NativeGf.code(coeff, in, inOff, viaC, outOff, len));
                    CodingLoop.codeInJava(coeff, in, inOff, viaJava, outOff, len);
                    for (int o = 0; o < nOut; o++) {
                        assertArrayEquals(viaJava[o], viaC[o], "output " + o + " of " + nIn + "x" + nOut + " len " + len);
                    }
                });
    }

    @Test
    void everyCoefficientMultipliesEveryByteAsTheField() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeGf.available());
        byte[][] in = {new byte[256]};
        for (int b = 0; b < 256; b++) {
            in[0][b] = (byte) b;
        }
        for (int c = 0; c < 256; c++) {
            byte[][] out = {new byte[256]};
            assertTrue(NativeGf.code(new byte[][] {{(byte) c}}, in, 0, out, 0, 256));
            for (int b = 0; b < 256; b++) {
                assertTrue((Galois.mulRows()[c][b] & 0xff) == (out[0][b] & 0xff), c + " * " + b);
            }
        }
    }
}

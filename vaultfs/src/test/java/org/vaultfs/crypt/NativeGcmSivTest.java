package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The C engine of AES-256-GCM-SIV against the Java one and the JDK's AES (RFC 8452's vectors: AesGcmSivTest). */
class NativeGcmSivTest {

    /** The library is expected and this CPU has what the C code needs (AES-NI, PCLMULQDQ, SSE4.1). */
    static boolean expected() {
        if (!NativeBlake3Test.libraryExpected()) {
            return false;
        }
        try {
            String flags = Files.readString(Path.of("/proc/cpuinfo"));
            return flags.contains(" aes") && flags.contains(" pclmulqdq") && flags.contains(" sse4_1");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void cEngineIsInUseWhereTheLibraryAndCpuAllowIt() throws java.io.IOException {
        if (expected()) {
            assertTrue(NativeGcmSiv.available(), "the C AES-GCM-SIV was not built or not loaded");
            assertTrue(AesGcmSiv.usesNative(), "AesGcmSiv does not use the C engine");
            String cpu = Files.readString(Path.of("/proc/cpuinfo"));
            boolean wideCpu = cpu.contains(" vaes") && cpu.contains(" vpclmulqdq") && cpu.contains(" avx512bw")
                    && cpu.contains(" avx512vl");
            if (wideCpu && !"false".equals(System.getProperty("vaultfs.native.wide"))) {
                assertTrue(NativeGcmSiv.wide(), "this CPU has VAES and VPCLMULQDQ but the 512-bit kernels are off");
            }
        }
    }

    /** Lengths cross the 8-block groups, the 16 KiB slices and partial blocks; offsets are arbitrary. */
    @Test
    void sealsAndOpensLikeTheJavaEngine() {
        Assumptions.assumeTrue(NativeGcmSiv.available());
        qt().withExamples(300).forAll(integers().between(0, 200_000), integers().between(0, 40), longs().all())
                .checkAssert((len, off, seed) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    byte[] key = bytes(rnd, 32);
                    byte[] nonce = bytes(rnd, 12);
                    byte[] aad = bytes(rnd, rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(200));
                    byte[] pt = bytes(rnd, off + len + 3);
                    byte[] expected = AesGcmSiv.javaOnly(key).seal(nonce, pt, off, len, aad);
                    AesGcmSiv c = new AesGcmSiv(key);
                    assertArrayEquals(expected, c.seal(nonce, pt, off, len, aad), "seal " + len);
                    byte[] opened = new byte[len + off];
                    byte[] ct = new byte[expected.length + off];
                    System.arraycopy(expected, 0, ct, off, expected.length);
                    assertTrue(c.open(nonce, ct, off, expected.length, aad, opened, off), "open " + len);
                    assertArrayEquals(Arrays.copyOfRange(pt, off, off + len), Arrays.copyOfRange(opened, off, off + len));
                    ct[off + rnd.nextInt(expected.length)] ^= (byte) (1 << rnd.nextInt(8));
                    assertNull(c.open(nonce, ct, off, expected.length, aad), "tampered " + len);
                });
    }

    @Test
    void inPlaceSealAndOpen() {
        Assumptions.assumeTrue(NativeGcmSiv.available());
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] key = bytes(rnd, 32);
        byte[] nonce = bytes(rnd, 12);
        byte[] pt = bytes(rnd, 50_001);
        byte[] buf = Arrays.copyOf(pt, pt.length + AesGcmSiv.TAG_LEN);
        AesGcmSiv siv = new AesGcmSiv(key);
        siv.seal(nonce, buf, 0, pt.length, null, buf, 0);
        assertArrayEquals(AesGcmSiv.javaOnly(key).seal(nonce, pt, 0, pt.length, null), buf);
        assertTrue(siv.open(nonce, buf, 0, buf.length, null, buf, 0));
        assertArrayEquals(pt, Arrays.copyOf(buf, pt.length));
    }

    /** The counter is 32 bits little-endian and wraps without carrying into the other 96 bits. */
    @Test
    void counterWrapsLikeTheJdkBasedCounterMode() throws Exception {
        Assumptions.assumeTrue(NativeGcmSiv.available());
        SplittableRandom rnd = new SplittableRandom(11);
        byte[] key = bytes(rnd, 32);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        for (int start : new int[] {-1, -3, -8, -9, -200, 0}) {
            byte[] counter = bytes(rnd, 16);
            counter[0] = (byte) start;
            counter[1] = (byte) (start >> 8);
            counter[2] = (byte) (start >> 16);
            counter[3] = (byte) (start >> 24);
            byte[] in = bytes(rnd, 5000);
            byte[] expected = new byte[in.length];
            new GcmSivCtr().apply(ecb, counter, in, 0, in.length, expected, 0);
            byte[] out = new byte[in.length];
            NativeGcmSiv.ctr(key, counter, in, 0, in.length, out, 0);
            assertArrayEquals(expected, out, "counter start " + start);
        }
    }

    /**
     * Counter mode over each way callers lay out their arrays (two arrays, one array in place,
     * one array shifted either way, which takes the copying path) across the 64 KiB slices the
     * C code works on in place, against the JDK-based counter mode.
     */
    @Test
    void everyArrayArrangementMatchesTheJdkCounterMode() throws Exception {
        Assumptions.assumeTrue(NativeGcmSiv.available());
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        qt().withExamples(60).forAll(integers().between(0, 200_000), integers().between(0, 3), longs().all())
                .checkAssert((len, layout, seed) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    byte[] key = bytes(rnd, 32);
                    byte[] counter = bytes(rnd, 16);
                    byte[] in = bytes(rnd, len);
                    byte[] expected = new byte[len];
                    try {
                        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
                        new GcmSivCtr().apply(ecb, counter, in, 0, len, expected, 0);
                    } catch (java.security.GeneralSecurityException e) {
                        throw new AssertionError(e);
                    }
                    int shift = 1 + rnd.nextInt(40);
                    byte[] got;
                    switch (layout) {
                        case 0 -> {
                            got = new byte[len];
                            NativeGcmSiv.ctr(key, counter, in, 0, len, got, 0);
                        }
                        case 1 -> {
                            got = in.clone();
                            NativeGcmSiv.ctr(key, counter, got, 0, len, got, 0);
                        }
                        case 2 -> { // output ahead of the input in one array
                            byte[] buf = new byte[len + shift];
                            System.arraycopy(in, 0, buf, 0, len);
                            NativeGcmSiv.ctr(key, counter, buf, 0, len, buf, shift);
                            got = Arrays.copyOfRange(buf, shift, shift + len);
                        }
                        default -> { // output behind the input in one array
                            byte[] buf = new byte[len + shift];
                            System.arraycopy(in, 0, buf, shift, len);
                            NativeGcmSiv.ctr(key, counter, buf, shift, len, buf, 0);
                            got = Arrays.copyOf(buf, len);
                        }
                    }
                    assertArrayEquals(expected, got, "layout " + layout + ", length " + len);
                });
    }

    /**
     * The 512-bit kernels against the 128-bit ones: counter mode from counters about to wrap
     * and POLYVAL, on lengths across their 256-byte and 8-block passes, slices and partial tails.
     */
    @Test
    void wideKernelsAgreeWithThe128BitOnes() {
        Assumptions.assumeTrue(NativeGcmSiv.wide(), "this CPU has no VAES/VPCLMULQDQ");
        qt().withExamples(300).forAll(integers().between(0, 70_000), integers().between(0, 40), longs().all())
                .checkAssert((len, off, seed) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    byte[] key = bytes(rnd, 32);
                    byte[] counter = bytes(rnd, 16);
                    if (rnd.nextBoolean()) {
                        counter[0] = (byte) (0x100 - rnd.nextInt(40)); // wraps within a pass or two
                        counter[1] = counter[2] = counter[3] = (byte) 0xff;
                    }
                    byte[] in = bytes(rnd, off + len);
                    byte[] narrow = new byte[len];
                    byte[] wide = new byte[len];
                    NativeGcmSiv.ctr(key, counter, in, off, len, narrow, 0, false);
                    NativeGcmSiv.ctr(key, counter, in, off, len, wide, 0, true);
                    assertArrayEquals(narrow, wide, "counter mode, length " + len);
                    byte[] powers = new byte[NativeGcmSiv.POWERS_LEN];
                    NativeGcmSiv.powers(bytes(rnd, 16), 0, powers);
                    byte[] s1 = bytes(rnd, 16);
                    byte[] s2 = s1.clone();
                    NativeGcmSiv.polyval(powers, s1, in, off, len, false);
                    NativeGcmSiv.polyval(powers, s2, in, off, len, true);
                    assertArrayEquals(s1, s2, "POLYVAL, length " + len);
                });
    }

    /** Checkpoints taken by one engine open segments on the other: the formats are one. */
    @Test
    void checkpointsAreInterchangeableBetweenEngines() {
        Assumptions.assumeTrue(NativeGcmSiv.available());
        SplittableRandom rnd = new SplittableRandom(13);
        int segment = 4096;
        for (int len : new int[] {1, 4096, 4097, 70_000}) {
            byte[] key = bytes(rnd, 32);
            byte[] nonce = bytes(rnd, 12);
            byte[] aad = bytes(rnd, 30);
            byte[] pt = bytes(rnd, len);
            byte[] ct = new AesGcmSiv(key).seal(nonce, pt, 0, len, aad);
            SivCheckpoints fromJava = AesGcmSiv.javaOnly(key).openWithCheckpoints(nonce, ct, 0, ct.length, aad, new byte[len], 0, segment);
            SivCheckpoints fromC = new AesGcmSiv(key).openWithCheckpoints(nonce, ct, 0, ct.length, aad, new byte[len], 0, segment);
            assertNotNull(fromJava);
            assertNotNull(fromC);
            int segments = (len + segment - 1) / segment;
            for (int first = 0; first < segments; first++) {
                int from = first * segment;
                int n = Math.min(segment, len - from);
                byte[] a = new byte[n];
                byte[] b = new byte[n];
                assertTrue(AesGcmSiv.openSegments(fromJava, first, ct, from, n, a, 0), "C engine, Java checkpoints");
                assertTrue(AesGcmSiv.openSegmentsInJava(fromC, first, ct, from, n, b, 0), "Java engine, C checkpoints");
                assertArrayEquals(Arrays.copyOfRange(pt, from, from + n), a);
                assertArrayEquals(a, b);
                ct[from] ^= 1;
                assertTrue(!AesGcmSiv.openSegments(fromJava, first, ct, from, n, a, 0), "a changed segment must not open");
                ct[from] ^= 1;
            }
        }
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}

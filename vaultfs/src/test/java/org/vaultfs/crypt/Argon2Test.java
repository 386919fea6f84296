package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/** Our Argon2id against the RFC vector and, for many small parameter sets, Bouncy Castle. */
class Argon2Test {
    private static byte[] repeat(int value, int len) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** RFC 9106 §5.3: m=32 KiB, t=3, p=4, 32-byte tag, with secret and associated data. */
    @Test
    void rfc9106Argon2idVector() {
        byte[] tag = Argon2.argon2id(repeat(1, 32), repeat(2, 16), repeat(3, 8), repeat(4, 12), 32, 3, 4, 32, 4);
        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
                HexFormat.of().formatHex(tag));
    }

    /** The same vector through the Java and the C segment filling, named explicitly. */
    @Test
    void rfc9106VectorOnEverySegmentFilling() {
        if (NativeBlake3Test.libraryExpected()) {
            assertTrue(NativeArgon2.available(), "the C Argon2 segment filling was not built or not loaded");
        }
        for (Argon2.Filling f : NativeArgon2.available() ? Argon2.Filling.values() : new Argon2.Filling[] {Argon2.Filling.JAVA}) {
            byte[] tag = Argon2.argon2id(repeat(1, 32), repeat(2, 16), repeat(3, 8), repeat(4, 12), 32, 3, 4, 32, 2, f);
            assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659",
                    HexFormat.of().formatHex(tag), f.name());
        }
    }

    /** C (AVX2 and scalar) against Java on random parameters, up to several address blocks per segment and 6 passes. */
    @Test
    void cSegmentFillingAgreesWithJava() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeArgon2.available());
        SplittableRandom rnd = new SplittableRandom(0xC0DE);
        for (int n = 0; n < 40; n++) {
            int lanes = 1 + rnd.nextInt(5);
            int memory = Math.max(8 * lanes, 8 + rnd.nextInt(n < 30 ? 300 : 5000));
            int t = 1 + rnd.nextInt(6);
            byte[] pw = bytes(rnd, rnd.nextInt(40));
            byte[] salt = bytes(rnd, 8 + rnd.nextInt(20));
            int threads = 1 + rnd.nextInt(lanes);
            String what = "m=" + memory + " t=" + t + " p=" + lanes + " threads=" + threads;
            byte[] java = Argon2.argon2id(pw, salt, null, null, memory, t, lanes, 32, threads, Argon2.Filling.JAVA);
            assertArrayEquals(java, Argon2.argon2id(pw, salt, null, null, memory, t, lanes, 32, threads, Argon2.Filling.C), what);
            assertArrayEquals(java, Argon2.argon2id(pw, salt, null, null, memory, t, lanes, 32, threads,
                    Argon2.Filling.C_SCALAR), what + " scalar");
        }
    }

    /**
     * RFC 9106 (version 0x13) overwrites each block in the first pass and XORs into it only from
     * the second, so the first pass must not read what its memory held: over memory full of
     * noise it leaves exactly what it leaves over zeros. (It writes without reading so that fresh
     * memory takes one fault per page, not a read fault onto the zero page and then a copy.)
     */
    @Test
    void theFirstPassNeverReadsItsDestination() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeArgon2.available());
        int lanes = 2;
        int segment = 16;
        int laneLength = 4 * segment;
        int bytes = lanes * laneLength * 1024;
        for (boolean wide : new boolean[] {true, false}) {
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.nativeOrder());
            java.nio.ByteBuffer noise = java.nio.ByteBuffer.allocateDirect(bytes).order(java.nio.ByteOrder.nativeOrder());
            byte[] junk = bytes(new SplittableRandom(7), bytes);
            noise.put(0, junk);
            // The first two blocks of each lane come from H0 in both (here: the same noise).
            for (int lane = 0; lane < lanes; lane++) {
                int first = lane * laneLength * 1024;
                zeros.put(first, junk, first, 2048);
            }
            for (int slice = 0; slice < 4; slice++) {
                for (int lane = 0; lane < lanes; lane++) {
                    NativeArgon2.fillSegment(zeros, lanes, laneLength, segment, 1, 0, lane, slice, wide);
                    NativeArgon2.fillSegment(noise, lanes, laneLength, segment, 1, 0, lane, slice, wide);
                }
            }
            assertEquals(zeros.rewind(), noise.rewind(), wide ? "wide" : "scalar");
        }
    }

    /** Same vector through every thread count: lanes per worker must not change the result. */
    @Test
    void resultIndependentOfThreadCount() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int lanes : new int[] {1, 2, 3, 4, 5}) {
            byte[] pw = bytes(rnd, 11);
            byte[] salt = bytes(rnd, 16);
            int m = 64 * lanes + 3; // not a multiple of 4*lanes: exercises the m' rounding
            byte[] one = Argon2.argon2id(pw, salt, null, null, m, 3, lanes, 32, 1);
            for (int threads = 2; threads <= lanes + 1; threads++) {
                byte[] many = Argon2.argon2id(pw, salt, null, null, m, 3, lanes, 32, threads);
                assertArrayEquals(one, many, "lanes=" + lanes + " threads=" + threads);
            }
            assertArrayEquals(bc(pw, salt, null, null, m, 3, lanes, 32), one, "lanes=" + lanes);
        }
    }

    /**
     * Random small parameters against Bouncy Castle, including secret/associated data, output
     * lengths around the 64-byte H' boundary and memory that is not a multiple of 4p.
     */
    @Test
    void matchesBouncyCastleOnRandomSmallParameters() {
        SplittableRandom rnd = new SplittableRandom(0xA2A2);
        for (int n = 0; n < 60; n++) {
            int lanes = 1 + rnd.nextInt(4);
            int memory = Math.max(8 * lanes, 8 + rnd.nextInt(249)); // 8..256 KiB
            int t = 1 + rnd.nextInt(4);
            byte[] pw = bytes(rnd, rnd.nextInt(65));
            byte[] salt = bytes(rnd, 8 + rnd.nextInt(57));
            byte[] secret = rnd.nextInt(4) == 0 ? bytes(rnd, 1 + rnd.nextInt(32)) : null;
            byte[] ad = rnd.nextInt(4) == 0 ? bytes(rnd, 1 + rnd.nextInt(32)) : null;
            int outLen = new int[] {4, 16, 32, 63, 64, 65, 96, 100}[rnd.nextInt(8)];
            int threads = 1 + rnd.nextInt(lanes);
            String what = "m=" + memory + " t=" + t + " p=" + lanes + " out=" + outLen + " threads=" + threads
                    + " pw=" + pw.length + " salt=" + salt.length;
            assertArrayEquals(bc(pw, salt, secret, ad, memory, t, lanes, outLen),
                    Argon2.argon2id(pw, salt, secret, ad, memory, t, lanes, outLen, threads), what);
        }
    }

    /** A pass count past 4 and a segment longer than one 128-entry address block (>= 2 blocks). */
    @Test
    void matchesBouncyCastleAcrossSeveralAddressBlocks() {
        byte[] pw = "pw".getBytes();
        byte[] salt = "saltsaltsalt".getBytes();
        // 4096 KiB, p=2: segment length 512, so four address blocks per independent segment.
        assertArrayEquals(bc(pw, salt, null, null, 4096, 2, 2, 32), Argon2.argon2id(pw, salt, 4096, 2, 2, 32));
        assertArrayEquals(bc(pw, salt, null, null, 64, 6, 1, 32), Argon2.argon2id(pw, salt, 64, 6, 1, 32));
    }

    /** Derivations from several threads at once share the lane pool; each must stay intact. */
    @Test
    void concurrentDerivationsShareThePoolCorrectly() throws Exception {
        int callers = 6;
        byte[][] expected = new byte[callers][];
        for (int c = 0; c < callers; c++) {
            expected[c] = bc(new byte[] {(byte) c}, "concurrent-salt".getBytes(), null, null, 512, 2, 4, 32);
        }
        ExecutorService callerPool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                byte[] pw = {(byte) c};
                results.add(callerPool.submit(() -> Argon2.argon2id(pw, "concurrent-salt".getBytes(), 512, 2, 4, 32)));
            }
            for (int c = 0; c < callers; c++) {
                assertArrayEquals(expected[c], results.get(c).get(), "caller " + c);
            }
        } finally {
            callerPool.shutdownNow();
        }
    }

    @Test
    void rejectsParametersOutsideTheRfcRanges() {
        byte[] salt = new byte[16];
        assertThrows(IllegalArgumentException.class, () -> Argon2.argon2id(new byte[1], new byte[7], 64, 1, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2.argon2id(new byte[1], salt, 31, 1, 4, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2.argon2id(new byte[1], salt, 64, 0, 1, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2.argon2id(new byte[1], salt, 64, 1, 0, 32));
        assertThrows(IllegalArgumentException.class, () -> Argon2.argon2id(new byte[1], salt, 64, 1, 1, 3));
    }

    private static byte[] bytes(SplittableRandom rnd, int len) {
        byte[] b = new byte[len];
        rnd.nextBytes(b);
        return b;
    }

    static byte[] bc(byte[] pw, byte[] salt, byte[] secret, byte[] ad, int m, int t, int p, int outLen) {
        Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .withSalt(salt);
        if (secret != null) {
            b.withSecret(secret);
        }
        if (ad != null) {
            b.withAdditional(ad);
        }
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(b.build());
        byte[] out = new byte[outLen];
        gen.generateBytes(pw, out);
        return out;
    }
}

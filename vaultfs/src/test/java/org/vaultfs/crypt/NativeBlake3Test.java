package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The C lanes against the Java code, Commons Codec and the official vectors. */
class NativeBlake3Test {
    private static final int[] IV = Blake3Compress.IV;

    @Test
    void libraryIsBuiltAndLoadedOnX8664LinuxWithACompiler() {
        // Where the build had a compiler (CI installs one), a silent fallback to Java would
        // hide a broken C build behind slower hashing.
        if (libraryExpected()) {
            assertTrue(NativeBlake3.available(), "libvaultfs-native.so was not built or not loaded");
        }
    }

    /** x86-64 Linux with a C compiler on PATH: the build must have made and loaded the library. */
    static boolean libraryExpected() {
        boolean compiler = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, "cc")));
        return compiler && "Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch"));
    }

    @Test
    void wideAndPortableLanesAgreeWithJavaOnAnyLengthKeyAndOffset() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlake3.available());
        qt().withExamples(300).forAll(integers().between(0, 300_000), integers().between(0, 63),
                longs().all(), integers().between(0, 1)).checkAssert((len, off, seed, keyed) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    byte[] data = new byte[off + len + 5];
                    rnd.nextBytes(data);
                    byte[] key = null;
                    int[] words = IV;
                    int flags = 0;
                    if (keyed == 1) {
                        key = new byte[32];
                        rnd.nextBytes(key);
                        words = wordsOf(key);
                        flags = Blake3Compress.KEYED_HASH;
                    }
                    byte[] expected = Blake3.javaHash(key, data, off, len);
                    for (boolean wide : new boolean[] {true, false}) {
                        byte[] out = new byte[40];
                        NativeBlake3.hash(words, flags, data, off, len, out, 3, wide);
                        assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 3, 35),
                                "len " + len + " off " + off + " wide " + wide + " keyed " + keyed);
                    }
                });
    }

    @Test
    void lengthsAroundEveryLaneAndTreeBoundary() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlake3.available());
        SplittableRandom rnd = new SplittableRandom(16);
        byte[] data = new byte[(64 << 10) * 17 + 3];
        rnd.nextBytes(data);
        for (int chunks : new int[] {1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 64, 65, 256, 1024, 1088}) {
            for (int delta : new int[] {-1, 0, 1}) {
                int len = chunks * 1024 + delta;
                byte[] expected = Blake3.javaHash(null, data, 0, len);
                byte[] viaPublic = Blake3.hash(data, 0, len);
                assertArrayEquals(expected, viaPublic, "len " + len);
            }
        }
    }

    /**
     * Whole slices of 64 chunks are reduced to one subtree in lanes, parents included, and a
     * short last batch runs in lanes whose surplus is ignored: every count of leftover chunks
     * beside zero to three whole subtrees, keyed and plain, wide against portable and Java.
     */
    @Test
    void subtreesOfSixtyFourChunksAndEveryLeftoverCount() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlake3.available());
        SplittableRandom rnd = new SplittableRandom(64);
        byte[] data = new byte[(4 * 64 + 2) * 1024 + 7];
        rnd.nextBytes(data);
        byte[] keyBytes = new byte[32];
        rnd.nextBytes(keyBytes);
        int[] key = wordsOf(keyBytes);
        for (int whole = 0; whole <= 3; whole++) {
            for (int rest = 0; rest < 64; rest++) {
                for (int delta : new int[] {0, 1, 1023}) {
                    int len = (whole * 64 + rest) * 1024 + delta;
                    if (len == 0) {
                        continue;
                    }
                    int off = 1 + rest % 5;
                    byte[] plain = Blake3.javaHash(null, data, off, len);
                    byte[] keyed = Blake3.javaHash(keyBytes, data, off, len);
                    for (boolean wide : new boolean[] {true, false}) {
                        byte[] out = new byte[32];
                        NativeBlake3.hash(IV, 0, data, off, len, out, 0, wide);
                        assertArrayEquals(plain, out, "len " + len + " wide " + wide);
                        NativeBlake3.hash(key, Blake3Compress.KEYED_HASH, data, off, len, out, 0, wide);
                        assertArrayEquals(keyed, out, "keyed len " + len + " wide " + wide);
                    }
                }
            }
        }
    }

    @Test
    void agreesWithCommonsCodecOnSixteenMebibytes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(NativeBlake3.available());
        byte[] data = new byte[(16 << 20) + 333];
        new SplittableRandom(7).nextBytes(data);
        byte[] key = "a 32-byte key for keyed BLAKE3!!".getBytes(StandardCharsets.US_ASCII);
        assertEquals(32, key.length);
        byte[] oracle = org.apache.commons.codec.digest.Blake3.initKeyedHash(key).update(data).doFinalize(32);
        assertArrayEquals(oracle, Blake3.keyedHash(key, data, 0, data.length));
        byte[] plain = org.apache.commons.codec.digest.Blake3.initHash().update(data).doFinalize(32);
        assertArrayEquals(plain, Blake3.hash(data));
    }

    @Test
    void shortOutputIsThePrefixOfTheFullHash() {
        byte[] data = new byte[5000];
        new SplittableRandom(3).nextBytes(data);
        byte[] out = new byte[20];
        Blake3.hash(data, 0, data.length, out, 2, 16);
        assertArrayEquals(java.util.Arrays.copyOf(Blake3.hash(data), 16),
                java.util.Arrays.copyOfRange(out, 2, 18));
    }

    private static int[] wordsOf(byte[] key) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = (int) Blake3Compress.LE_INT.get(key, 4 * i);
        }
        return w;
    }
}

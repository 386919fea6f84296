package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vaultfs.bytes.Hex;

/** SHA-256 against the FIPS 180-4 examples on both engines, and the C code against the JDK's. */
class Sha256Test {
    private static final String[][] FIPS_180_4 = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };

    @Test
    void fipsExamples() {
        for (String[] v : FIPS_180_4) {
            byte[] m = v[0].getBytes(StandardCharsets.US_ASCII);
            assertEquals(v[1], Hex.encode(Sha256.digest(m, 0, m.length)), v[0]);
            assertEquals(v[1], Hex.encode(Sha256.inJava(m, 0, m.length)), v[0]);
        }
        byte[] million = new byte[1_000_000];
        Arrays.fill(million, (byte) 'a');
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                Hex.encode(Sha256.digest(million, 0, million.length)));
    }

    @Test
    void theCEngineIsInUseWhereTheCpuHasTheShaExtensions() throws java.io.IOException {
        Assumptions.assumeTrue(NativeLibrary.loaded(), "no C library in this build");
        boolean cpuHasSha = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo")).contains(" sha_ni");
        assertEquals(cpuHasSha, NativeSha256.available());
    }

    /** Every length around the block and padding boundaries, and across the 64 KiB slices, at offsets. */
    @Test
    void theCEngineAgreesWithTheJdk() {
        Assumptions.assumeTrue(NativeSha256.available(), "no SHA extensions here");
        for (int len = 0; len <= 300; len++) {
            byte[] m = bytes(new SplittableRandom(len), len + 3);
            assertArrayEquals(Sha256.inJava(m, 3, len), NativeSha256.digest(m, 3, len), "length " + len);
        }
        qt().withExamples(200).forAll(integers().between(0, 300_000), integers().between(0, 70), longs().all())
                .checkAssert((len, off, seed) -> {
                    byte[] m = bytes(new SplittableRandom(seed), off + len + 5);
                    assertArrayEquals(Sha256.inJava(m, off, len), NativeSha256.digest(m, off, len), "length " + len);
                });
    }

    @Test
    void theRunningDigestGivesTheFipsExamplesInAnyPieces() {
        for (String[] v : FIPS_180_4) {
            byte[] m = v[0].getBytes(StandardCharsets.US_ASCII);
            for (int cut = 0; cut <= m.length; cut++) {
                for (Sha256.Running r : new Sha256.Running[] {Sha256.running(), Sha256.jdkRunning()}) {
                    r.update(m, 0, cut);
                    r.update(m, cut, m.length - cut);
                    assertEquals(v[1], Hex.encode(r.digest()), v[0] + " cut at " + cut);
                }
            }
        }
    }

    /** Pieces of every size around the block and padding boundaries, and across the C code's 64 KiB slices. */
    @Test
    void theRunningDigestAgreesWithTheJdkForAnySplit() {
        qt().withExamples(300).forAll(integers().between(0, 200_000), integers().between(1, 140), longs().all())
                .checkAssert((len, maxPiece, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    byte[] m = bytes(r, len + 7);
                    Sha256.Running ours = Sha256.running();
                    Sha256.Running jdk = Sha256.jdkRunning();
                    int pos = 7;
                    while (pos < m.length) {
                        // Mostly short pieces, sometimes a long run of whole blocks.
                        int n = Math.min(m.length - pos, r.nextInt(8) == 0 ? r.nextInt(100_000) : r.nextInt(maxPiece + 1));
                        ours.update(m, pos, n);
                        jdk.update(m, pos, n);
                        pos += n;
                    }
                    assertArrayEquals(jdk.digest(), ours.digest(), "length " + len);
                });
    }

    @Test
    void rangesOutsideTheArrayAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> Sha256.digest(new byte[10], 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> Sha256.digest(new byte[10], -1, 2));
        assertTrue(Sha256.digest(new byte[10], 10, 0).length == 32);
        assertThrows(IndexOutOfBoundsException.class, () -> Sha256.running().update(new byte[10], 5, 6));
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}

package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class AesGcmSivTest {

    @Test
    void rfc8452VectorsOnBothEngines() {
        for (String[] v : AesGcmSivRfc8452Vectors.CASES) {
            byte[] key = TestHex.decode(v[0]);
            byte[] nonce = TestHex.decode(v[1]);
            byte[] aad = TestHex.decode(v[2]);
            byte[] pt = TestHex.decode(v[3]);
            // The default engine (C where the library is loaded) and the JDK-based one.
            for (AesGcmSiv siv : new AesGcmSiv[] {new AesGcmSiv(key), AesGcmSiv.javaOnly(key)}) {
                byte[] sealed = siv.seal(nonce, pt, 0, pt.length, aad);
                assertEquals(v[4], TestHex.encode(sealed), "seal, plaintext " + v[3]);
                assertArrayEquals(pt, siv.open(nonce, sealed, 0, sealed.length, aad), "open, plaintext " + v[3]);
            }
        }
    }

    @Test
    void matchesBouncyCastleOnRandomInputs() throws Exception {
        SplittableRandom rnd = new SplittableRandom(8452);
        int[] sizes = {0, 1, 15, 16, 17, 31, 32, 33, 255, 4096, 8191, 8192, 8193, 20000, 1 << 20};
        List<Integer> all = new ArrayList<>();
        for (int s : sizes) {
            all.add(s);
        }
        for (int i = 0; i < 60; i++) {
            all.add(rnd.nextInt(40_000));
        }
        for (int len : all) {
            byte[] key = bytes(rnd, 32);
            byte[] nonce = bytes(rnd, 12);
            byte[] aad = bytes(rnd, rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(100));
            byte[] pt = bytes(rnd, len + 5);
            byte[] expected = bcSeal(key, nonce, aad, pt, 5, len);
            AesGcmSiv siv = new AesGcmSiv(key);
            assertArrayEquals(expected, siv.seal(nonce, pt, 5, len, aad), "seal len " + len);
            byte[] ct = new byte[expected.length + 9];
            System.arraycopy(expected, 0, ct, 9, expected.length);
            assertArrayEquals(Arrays.copyOfRange(pt, 5, 5 + len), siv.open(nonce, ct, 9, expected.length, aad),
                    "open len " + len);
        }
    }

    @Test
    void nullAadIsEmptyAad() {
        AesGcmSiv siv = new AesGcmSiv(new byte[32]);
        byte[] nonce = new byte[12];
        byte[] pt = {1, 2, 3};
        assertArrayEquals(siv.seal(nonce, pt, 0, 3, new byte[0]), siv.seal(nonce, pt, 0, 3, null));
    }

    @Test
    void tamperingAnyRegionFails() {
        SplittableRandom rnd = new SplittableRandom(99);
        byte[] key = bytes(rnd, 32);
        byte[] nonce = bytes(rnd, 12);
        byte[] aad = bytes(rnd, 20);
        byte[] pt = bytes(rnd, 50);
        AesGcmSiv siv = new AesGcmSiv(key);
        byte[] sealed = siv.seal(nonce, pt, 0, pt.length, aad);
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = sealed.clone();
                bad[i] ^= (byte) (1 << bit);
                assertNull(siv.open(nonce, bad, 0, bad.length, aad), "ciphertext/tag byte " + i);
            }
        }
        for (int i = 0; i < nonce.length; i++) {
            byte[] bad = nonce.clone();
            bad[i] ^= 1;
            assertNull(siv.open(bad, sealed, 0, sealed.length, aad), "nonce byte " + i);
        }
        for (int i = 0; i < aad.length; i++) {
            byte[] bad = aad.clone();
            bad[i] ^= (byte) 0x80;
            assertNull(siv.open(nonce, sealed, 0, sealed.length, bad), "aad byte " + i);
        }
        assertNull(siv.open(nonce, sealed, 0, sealed.length, Arrays.copyOf(aad, 21)), "aad extended");
        assertNull(siv.open(nonce, sealed, 0, sealed.length - 1, aad), "truncated");
        assertNull(new AesGcmSiv(bytes(rnd, 32)).open(nonce, sealed, 0, sealed.length, aad), "wrong key");
        assertNull(siv.open(nonce, sealed, 0, TAG_LEN_MINUS_ONE, aad), "shorter than a tag");
        assertArrayEquals(pt, siv.open(nonce, sealed, 0, sealed.length, aad));
    }

    private static final int TAG_LEN_MINUS_ONE = AesGcmSiv.TAG_LEN - 1;

    @Test
    void emptyPlaintextTamperFails() {
        AesGcmSiv siv = new AesGcmSiv(new byte[32]);
        byte[] nonce = new byte[12];
        byte[] sealed = siv.seal(nonce, new byte[0], 0, 0, null);
        assertEquals(AesGcmSiv.TAG_LEN, sealed.length);
        assertArrayEquals(new byte[0], siv.open(nonce, sealed, 0, sealed.length, null));
        sealed[0] ^= 1;
        assertNull(siv.open(nonce, sealed, 0, sealed.length, null));
    }

    @Test
    void allocationFreeVariantsAndInPlace() {
        SplittableRandom rnd = new SplittableRandom(3);
        byte[] key = bytes(rnd, 32);
        byte[] nonce = bytes(rnd, 12);
        byte[] aad = bytes(rnd, 7);
        byte[] pt = bytes(rnd, 1000);
        AesGcmSiv siv = new AesGcmSiv(key);
        byte[] expected = siv.seal(nonce, pt, 0, pt.length, aad);

        byte[] buf = new byte[4 + pt.length + 16 + 4];
        System.arraycopy(pt, 0, buf, 4, pt.length);
        assertEquals(pt.length + 16, siv.seal(nonce, buf, 4, pt.length, aad, buf, 4));
        assertArrayEquals(expected, Arrays.copyOfRange(buf, 4, 4 + expected.length));
        assertTrue(siv.open(nonce, buf, 4, expected.length, aad, buf, 4));
        assertArrayEquals(pt, Arrays.copyOfRange(buf, 4, 4 + pt.length));

        byte[] out = new byte[pt.length + 2];
        Arrays.fill(out, (byte) 0x55);
        byte[] bad = expected.clone();
        bad[bad.length - 1] ^= 1;
        assertFalse(siv.open(nonce, bad, 0, bad.length, aad, out, 1));
        for (int i = 1; i <= pt.length; i++) {
            assertEquals(0, out[i], "plaintext left behind at " + i);
        }
        assertEquals(0x55, out[0]);
        assertEquals(0x55, out[pt.length + 1]);

        assertThrows(IllegalArgumentException.class, () -> siv.seal(nonce, buf, 0, 100, aad, buf, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> siv.seal(nonce, pt, 0, pt.length, aad, new byte[pt.length + 15], 0));
        assertThrows(IllegalArgumentException.class, () -> siv.seal(new byte[11], pt, 0, 1, aad));
        assertThrows(IllegalArgumentException.class, () -> new AesGcmSiv(new byte[16]));
    }

    @Test
    void concurrentUseOfOneInstance() throws Exception {
        byte[] key = bytes(new SplittableRandom(5), 32);
        AesGcmSiv siv = new AesGcmSiv(key);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                jobs.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    for (int i = 0; i < 200; i++) {
                        byte[] nonce = bytes(rnd, 12);
                        byte[] pt = bytes(rnd, rnd.nextInt(3000));
                        byte[] sealed = siv.seal(nonce, pt, 0, pt.length, null);
                        assertArrayEquals(bcSeal(key, nonce, new byte[0], pt, 0, pt.length), sealed);
                        assertArrayEquals(pt, siv.open(nonce, sealed, 0, sealed.length, null));
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] bcSeal(byte[] key, byte[] nonce, byte[] aad, byte[] pt, int off, int len) {
        GCMSIVBlockCipher c = new GCMSIVBlockCipher(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
        c.processBytes(pt, off, len, null, 0);
        byte[] out = new byte[c.getOutputSize(0)];
        try {
            c.doFinal(out, 0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}

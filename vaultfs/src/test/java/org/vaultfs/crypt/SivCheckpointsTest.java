package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SivCheckpointsTest {
    private static final int SEG = 4096;

    @Test
    void opensLikeOpenAndRejectsWhatOpenRejects() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int len : new int[] {0, 1, 16, 4095, 4096, 4097, 8192, 100_000}) {
            byte[] key = bytes(rnd, 32);
            byte[] nonce = bytes(rnd, 12);
            byte[] aad = bytes(rnd, 40);
            byte[] pt = bytes(rnd, len);
            AesGcmSiv siv = new AesGcmSiv(key);
            byte[] ct = siv.seal(nonce, pt, 0, len, aad);
            byte[] out = new byte[len];
            SivCheckpoints c = siv.openWithCheckpoints(nonce, ct, 0, ct.length, aad, out, 0, SEG);
            assertNotNull(c, "len " + len);
            assertArrayEquals(pt, out);
            assertEquals(len, c.textLength());
            ct[rnd.nextInt(ct.length)] ^= 1;
            assertNull(siv.openWithCheckpoints(nonce, ct, 0, ct.length, aad, new byte[len], 0, SEG), "tampered, len " + len);
        }
    }

    /** Every run of whole segments decrypts to the plaintext under it, the last one partial or not. */
    @Test
    void everySegmentRunOpensToItsPlaintext() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int len : new int[] {1, 4095, 4096, 4097, 3 * SEG, 3 * SEG + 17, 70_000}) {
            Sealed s = seal(rnd, len);
            int segments = (len + SEG - 1) / SEG;
            for (int first = 0; first < segments; first++) {
                for (int last = first; last < segments; last++) {
                    int from = first * SEG;
                    int to = Math.min(len, (last + 1) * SEG);
                    byte[] out = new byte[to - from + 3];
                    assertTrue(s.c.open(first, s.ct, from, to - from, out, 3), "segments " + first + ".." + last + " of " + len);
                    assertArrayEquals(Arrays.copyOfRange(s.pt, from, to), Arrays.copyOfRange(out, 3, out.length));
                }
            }
        }
    }

    @Test
    void inPlaceSegmentOpen() {
        Sealed s = seal(new SplittableRandom(5), 5 * SEG + 100);
        byte[] buf = Arrays.copyOfRange(s.ct, 2 * SEG, 5 * SEG + 100);
        assertTrue(s.c.open(2, buf, 0, buf.length, buf, 0));
        assertArrayEquals(Arrays.copyOfRange(s.pt, 2 * SEG, 5 * SEG + 100), buf);
    }

    /** A flipped bit anywhere in the segments read is caught, and no plaintext is released. */
    @Test
    void anyChangedCiphertextByteFailsAndZeroesTheOutput() {
        SplittableRandom rnd = new SplittableRandom(6);
        Sealed s = seal(rnd, 4 * SEG + 500);
        for (int i = 0; i < 300; i++) {
            int first = rnd.nextInt(5);
            int from = first * SEG;
            int to = Math.min(s.pt.length, (first + 1 + rnd.nextInt(5 - first)) * SEG);
            byte[] in = Arrays.copyOfRange(s.ct, from, to);
            in[rnd.nextInt(in.length)] ^= (byte) (1 << rnd.nextInt(8));
            byte[] out = new byte[in.length];
            assertFalse(s.c.open(first, in, 0, in.length, out, 0));
            assertArrayEquals(new byte[out.length], out);
        }
    }

    /** Segments are bound to their position: a genuine segment read in another's place fails. */
    @Test
    void swappedSegmentsFail() {
        Sealed s = seal(new SplittableRandom(7), 4 * SEG);
        byte[] second = Arrays.copyOfRange(s.ct, SEG, 2 * SEG);
        assertFalse(s.c.open(2, second, 0, SEG, new byte[SEG], 0));
        assertFalse(s.c.open(0, second, 0, SEG, new byte[SEG], 0));
    }

    @Test
    void rangesThatAreNotWholeSegmentsAreRefused() {
        Sealed s = seal(new SplittableRandom(8), 3 * SEG + 10);
        assertThrows(IllegalArgumentException.class, () -> s.c.open(0, s.ct, 0, SEG - 1, new byte[SEG], 0));
        assertThrows(IllegalArgumentException.class, () -> s.c.open(3, s.ct, 3 * SEG, 11, new byte[11], 0));
        assertThrows(IllegalArgumentException.class, () -> s.c.open(4, s.ct, 0, 0, new byte[1], 0));
        assertThrows(IllegalArgumentException.class, () -> s.c.open(-1, s.ct, 0, SEG, new byte[SEG], 0));
        assertThrows(IllegalArgumentException.class,
                () -> new AesGcmSiv(new byte[32]).openWithCheckpoints(new byte[12], s.ct, 0, s.ct.length, null, new byte[s.pt.length], 0, 24));
    }

    @Test
    void destroyedCheckpointsNoLongerOpen() {
        Sealed s = seal(new SplittableRandom(9), 2 * SEG);
        s.c.destroy();
        assertFalse(s.c.open(0, s.ct, 0, SEG, new byte[SEG], 0));
    }

    private record Sealed(byte[] pt, byte[] ct, SivCheckpoints c) {
    }

    private static Sealed seal(SplittableRandom rnd, int len) {
        byte[] key = bytes(rnd, 32);
        byte[] nonce = bytes(rnd, 12);
        byte[] aad = bytes(rnd, 20);
        byte[] pt = bytes(rnd, len);
        AesGcmSiv siv = new AesGcmSiv(key);
        byte[] ct = siv.seal(nonce, pt, 0, len, aad);
        SivCheckpoints c = siv.openWithCheckpoints(nonce, ct, 0, ct.length, aad, new byte[len], 0, SEG);
        assertNotNull(c);
        return new Sealed(pt, ct, c);
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}

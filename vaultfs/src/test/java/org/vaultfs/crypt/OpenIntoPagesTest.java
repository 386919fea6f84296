package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The open from native memory into native pages against the heap open: same plaintext, same checkpoints. */
class OpenIntoPagesTest {
    private static final int SEG = 4096;

    @BeforeAll
    static void needsTheCCode() {
        assumeTrue(AesGcmSiv.usesNative(), "the C library is not loaded here");
    }

    @Test
    void plaintextAndCheckpointsMatchTheHeapOpenAcrossPageAndSegmentBoundaries() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int pageBytes : new int[] {SEG, 2 * SEG, 64 << 10}) {
            for (int len : new int[] {0, 1, 15, 16, 17, 4095, 4096, 4097, 8191, 65536, 65536 + 4096 + 7, 300_001}) {
                byte[] key = bytes(rnd, 32);
                byte[] nonce = bytes(rnd, 12);
                byte[] aad = bytes(rnd, 1 + rnd.nextInt(60));
                byte[] pt = bytes(rnd, len);
                AesGcmSiv siv = new AesGcmSiv(key);
                byte[] ct = siv.seal(nonce, pt, 0, len, aad);
                byte[] heapOut = new byte[len];
                SivCheckpoints expected = AesGcmSiv.javaOnly(key).openWithCheckpoints(nonce, ct, 0, ct.length, aad, heapOut, 0, SEG);
                assertNotNull(expected);

                int srcOff = rnd.nextInt(40);
                ByteBuffer src = direct(srcOff + ct.length + rnd.nextInt(40), rnd);
                src.put(srcOff, ct);
                ByteBuffer[] pages = pages(pageBytes, Math.max(1, (len + pageBytes - 1) / pageBytes) + rnd.nextInt(2), rnd);
                SivCheckpoints got = siv.openIntoPages(nonce, src, srcOff, ct.length, aad, pages, pageBytes, SEG);
                String what = "len " + len + ", pages of " + pageBytes;
                assertNotNull(got, what);
                assertArrayEquals(pt, gather(pages, pageBytes, len), what);
                assertEquals(len, got.textLength());
                assertArrayEquals(expected.states(), got.states(), what);
                if (len > 0) {
                    int first = rnd.nextInt((len + SEG - 1) / SEG);
                    int from = first * SEG;
                    byte[] out = new byte[len - from];
                    assertTrue(got.open(first, ct, from, len - from, out, 0), what);
                    assertArrayEquals(Arrays.copyOfRange(pt, from, len), out, what);
                }
                byte[] untouched = new byte[ct.length];
                src.get(srcOff, untouched);
                assertArrayEquals(ct, untouched, "the stored bytes are left as they were");
            }
        }
    }

    /** A changed byte anywhere (nonce, ciphertext, tag, AAD) fails, and what was written to the pages is zeroed. */
    @Test
    void anyChangeFailsAndZeroesThePages() {
        SplittableRandom rnd = new SplittableRandom(12);
        int pageBytes = 2 * SEG;
        for (int i = 0; i < 60; i++) {
            int len = 1 + rnd.nextInt(40_000);
            byte[] key = bytes(rnd, 32);
            byte[] nonce = bytes(rnd, 12);
            byte[] aad = bytes(rnd, 24);
            byte[] pt = bytes(rnd, len);
            AesGcmSiv siv = new AesGcmSiv(key);
            byte[] ct = siv.seal(nonce, pt, 0, len, aad);
            switch (i % 3) {
                case 0 -> ct[rnd.nextInt(ct.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> nonce[rnd.nextInt(12)] ^= 1;
                default -> aad[rnd.nextInt(aad.length)] ^= 1;
            }
            ByteBuffer src = direct(ct.length, rnd);
            src.put(0, ct);
            ByteBuffer[] pages = pages(pageBytes, (len + pageBytes - 1) / pageBytes, rnd);
            assertNull(siv.openIntoPages(nonce, src, 0, ct.length, aad, pages, pageBytes, SEG), "case " + i);
            assertArrayEquals(new byte[len], gather(pages, pageBytes, len), "case " + i);
        }
    }

    @Test
    void refusesBuffersItCannotUse() {
        SplittableRandom rnd = new SplittableRandom(13);
        byte[] key = bytes(rnd, 32);
        byte[] nonce = bytes(rnd, 12);
        AesGcmSiv siv = new AesGcmSiv(key);
        byte[] ct = siv.seal(nonce, bytes(rnd, 10_000), 0, 10_000, null);
        ByteBuffer src = direct(ct.length, rnd);
        src.put(0, ct);
        ByteBuffer[] three = pages(SEG, 3, rnd);
        assertThrows(IllegalArgumentException.class,
                () -> siv.openIntoPages(nonce, ByteBuffer.wrap(ct), 0, ct.length, null, three, SEG, SEG), "heap source");
        assertThrows(IllegalArgumentException.class,
                () -> siv.openIntoPages(nonce, src, 0, ct.length, null, pages(SEG, 2, rnd), SEG, SEG), "too few pages");
        ByteBuffer[] heapPage = {three[0], ByteBuffer.allocate(SEG), three[2]};
        assertThrows(IllegalArgumentException.class,
                () -> siv.openIntoPages(nonce, src, 0, ct.length, null, heapPage, SEG, SEG), "heap page");
        ByteBuffer[] shortPage = {three[0], three[1].slice(0, SEG - 16), three[2]};
        assertThrows(IllegalArgumentException.class,
                () -> siv.openIntoPages(nonce, src, 0, ct.length, null, shortPage, SEG, SEG), "short page");
        assertThrows(IllegalArgumentException.class,
                () -> siv.openIntoPages(nonce, src, 0, ct.length, null, three, SEG + 16, SEG), "page not whole segments");
        assertThrows(IllegalArgumentException.class,
                () -> siv.openIntoPages(nonce, src, 0, ct.length, null, three, SEG, 100), "segment not whole blocks");
        assertThrows(IndexOutOfBoundsException.class,
                () -> siv.openIntoPages(nonce, src, 1, ct.length, null, three, SEG, SEG), "past the source");
        assertFalse(AesGcmSiv.javaOnly(key).opensIntoPages());
        assertThrows(IllegalStateException.class,
                () -> AesGcmSiv.javaOnly(key).openIntoPages(nonce, src, 0, ct.length, null, three, SEG, SEG));
        assertNotNull(siv.openIntoPages(nonce, src, 0, ct.length, null, three, SEG, SEG), "and the same call with good buffers works");
    }

    private static ByteBuffer[] pages(int pageBytes, int count, SplittableRandom rnd) {
        ByteBuffer slab = direct(pageBytes * count, rnd); // filled with junk, as pages of an evicted chunk would be
        ByteBuffer[] out = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            out[count - 1 - i] = slab.slice(i * pageBytes, pageBytes); // out of address order, as a pool hands them out
        }
        return out;
    }

    private static byte[] gather(ByteBuffer[] pages, int pageBytes, int len) {
        byte[] out = new byte[len];
        for (int i = 0, at = 0; at < len; i++, at += pageBytes) {
            pages[i].get(0, out, at, Math.min(pageBytes, len - at));
        }
        return out;
    }

    private static ByteBuffer direct(int size, SplittableRandom rnd) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        b.put(0, bytes(rnd, size));
        return b;
    }

    private static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}

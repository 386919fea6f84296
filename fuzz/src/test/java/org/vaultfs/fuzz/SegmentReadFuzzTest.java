package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.SivCheckpoints;

/**
 * Segment reads from AES-GCM-SIV checkpoints (what the mount uses for random reads of evicted
 * raw chunks). A message of fuzzer-chosen length is sealed and opened with checkpoints; the
 * fuzzer then picks a run of segments, a segment size, and edits to the ciphertext (XORs at
 * chosen offsets, a segment swapped in from elsewhere, a truncation). Oracle: the run opens
 * iff its bytes are exactly the original ciphertext there, and then equals the plaintext;
 * otherwise the output is all zeros. Misaligned runs are refused with IllegalArgumentException.
 */
class SegmentReadFuzzTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] NONCE = new byte[12];
    private static final byte[] AAD = "segment-fuzz".getBytes();

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) (i * 7 + 1);
        }
        NONCE[3] = 9;
    }

    @FuzzTest
    void open(FuzzedDataProvider d) {
        int segment = 16 * d.consumeInt(1, 512);
        int len = d.consumeInt(0, 40_000);
        int first = d.consumeInt(0, 64);
        int count = d.consumeInt(0, 64);
        int edits = d.consumeInt(0, 4);
        int[] at = new int[edits];
        byte[] xor = new byte[edits];
        for (int i = 0; i < edits; i++) {
            at[i] = d.consumeInt(0, Integer.MAX_VALUE);
            xor[i] = d.consumeByte();
        }
        boolean swap = d.consumeBoolean();
        int swapFrom = d.consumeInt(0, 64);
        byte[] seed = d.consumeRemainingAsBytes();

        byte[] pt = new byte[len];
        for (int i = 0; i < len; i++) {
            pt[i] = seed.length == 0 ? (byte) i : (byte) (seed[i % seed.length] + i / seed.length);
        }
        AesGcmSiv siv = new AesGcmSiv(KEY);
        byte[] sealed = siv.seal(NONCE, pt, 0, len, AAD);
        byte[] plain = new byte[len];
        SivCheckpoints c = siv.openWithCheckpoints(NONCE, sealed, 0, sealed.length, AAD, plain, 0, segment);
        if (c == null || !Arrays.equals(pt, plain)) {
            throw new AssertionError("a genuine message did not open");
        }
        long from = (long) first * segment;
        long to = Math.min(len, from + (long) count * segment);
        boolean wellFormed = from <= len && to >= from;
        int n = wellFormed ? (int) (to - from) : 0;
        byte[] ct = Arrays.copyOfRange(sealed, (int) Math.min(from, len), (int) Math.min(from, len) + n);
        for (int i = 0; i < edits && n > 0; i++) {
            ct[Math.floorMod(at[i], n)] ^= xor[i];
        }
        if (swap && n >= segment) {
            long other = (long) swapFrom * segment;
            if (other + segment <= len) {
                System.arraycopy(sealed, (int) other, ct, 0, segment);
            }
        }
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) 0x55);
        boolean ok;
        try {
            ok = c.open(first, ct, 0, n, out, 0);
        } catch (IllegalArgumentException e) {
            if (wellFormed) {
                throw new AssertionError("a run of whole segments was refused: first " + first + " n " + n, e);
            }
            return;
        }
        if (!wellFormed) {
            throw new AssertionError("a run outside the message was accepted");
        }
        boolean genuine = Arrays.equals(ct, Arrays.copyOfRange(sealed, (int) from, (int) from + n));
        if (ok != genuine) {
            throw new AssertionError(ok ? "edited ciphertext authenticated" : "genuine ciphertext rejected");
        }
        byte[] expected = ok ? Arrays.copyOfRange(pt, (int) from, (int) from + n) : new byte[n];
        if (!Arrays.equals(expected, out)) {
            throw new AssertionError(ok ? "wrong plaintext" : "plaintext released from a failed run");
        }
    }
}

package org.vaultfs.crypt;

import java.util.Arrays;

/**
 * What it takes to read part of an AES-GCM-SIV message that was authenticated whole: the
 * message's derived keys, its initial counter, and the POLYVAL value after the AAD and after
 * every segment of plaintext.
 *
 * <p>Why this is sound: SIV authenticates the whole plaintext, so a range of it normally costs
 * the whole message. Here the whole message was opened once and its tag checked; from then on
 * a segment read back from storage is decrypted with CTR and its POLYVAL, continued from the
 * checkpoint before it, must reproduce the checkpoint after it. A changed ciphertext segment
 * changes the plaintext by some non-zero delta, and the continued value then differs from the
 * stored one by a non-zero polynomial in the secret key H of degree at most segment/16, which
 * vanishes with probability at most (segment/16)/2^128. The checkpoints never leave memory,
 * so they are as secret as H itself.
 *
 * <p>Holds key material: {@link #destroy} when dropping it.
 */
public final class SivCheckpoints {
    private final byte[] encKey;
    private final byte[] authKey;
    private final byte[] counter0;
    private final int segment;
    private final int textLength;
    private final byte[] states;
    /** Zeroed keys would make every segment "match" (POLYVAL under H = 0 is 0), so refuse instead. */
    private volatile boolean destroyed;

    SivCheckpoints(byte[] encKey, byte[] authKey, byte[] tag, int segment, int textLength, byte[] states) {
        this.encKey = encKey.clone();
        this.authKey = authKey.clone();
        this.counter0 = tag.clone();
        this.counter0[15] |= (byte) 0x80;
        this.segment = segment;
        this.textLength = textLength;
        this.states = states;
    }

    public int segment() {
        return segment;
    }

    public int textLength() {
        return textLength;
    }

    /** Heap bytes this object keeps alive, for cache accounting. */
    public long retainedBytes() {
        return states.length + 3L * 16 + 32 + 64;
    }

    /**
     * Decrypts segments starting at segment {@code first}: see
     * {@link AesGcmSiv#openSegments}. False means the ciphertext is not what was authenticated.
     */
    public boolean open(int first, byte[] in, int inOff, int len, byte[] out, int outOff) {
        if (destroyed) {
            return false;
        }
        boolean ok = AesGcmSiv.openSegments(this, first, in, inOff, len, out, outOff);
        if (ok && destroyed) { // wiped while in use: what was read cannot be trusted
            java.util.Arrays.fill(out, outOff, outOff + len, (byte) 0);
            return false;
        }
        return ok;
    }

    byte[] states() {
        return states;
    }

    void restore(byte[] encKeyOut, byte[] authKeyOut, byte[] counterOut) {
        System.arraycopy(encKey, 0, encKeyOut, 0, encKey.length);
        System.arraycopy(authKey, 0, authKeyOut, 0, authKey.length);
        System.arraycopy(counter0, 0, counterOut, 0, counter0.length);
    }

    public void destroy() {
        destroyed = true;
        Arrays.fill(encKey, (byte) 0);
        Arrays.fill(authKey, (byte) 0);
        Arrays.fill(counter0, (byte) 0);
        Arrays.fill(states, (byte) 0);
    }
}

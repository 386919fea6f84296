package org.vaultfs.crypt;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMSIVBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * AES-256-GCM-SIV (RFC 8452) with a 12-byte nonce and a 16-byte tag appended to the
 * ciphertext. Thread-safe: holds only the key.
 */
public final class AesGcmSiv {
    public static final int KEY_LEN = 32;
    public static final int NONCE_LEN = 12;
    public static final int TAG_LEN = 16;

    private final byte[] key;

    public AesGcmSiv(byte[] key) {
        if (key.length != KEY_LEN) {
            throw new IllegalArgumentException("AES-256-GCM-SIV key must be 32 bytes");
        }
        this.key = key.clone();
    }

    /** Returns ciphertext || tag. */
    public byte[] seal(byte[] nonce, byte[] plaintext, int off, int len, byte[] aad) {
        GCMSIVBlockCipher c = cipher(true, nonce, aad);
        c.processBytes(plaintext, off, len, null, 0);
        byte[] out = new byte[c.getOutputSize(0)];
        try {
            c.doFinal(out, 0);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Returns the plaintext, or null when the tag does not authenticate. */
    public byte[] open(byte[] nonce, byte[] ciphertext, int off, int len, byte[] aad) {
        if (len < TAG_LEN) {
            return null;
        }
        GCMSIVBlockCipher c = cipher(false, nonce, aad);
        c.processBytes(ciphertext, off, len, null, 0);
        byte[] out = new byte[c.getOutputSize(0)];
        try {
            c.doFinal(out, 0);
            return out;
        } catch (InvalidCipherTextException e) {
            return null;
        }
    }

    private GCMSIVBlockCipher cipher(boolean encrypt, byte[] nonce, byte[] aad) {
        if (nonce.length != NONCE_LEN) {
            throw new IllegalArgumentException("AES-GCM-SIV nonce must be 12 bytes");
        }
        GCMSIVBlockCipher c = new GCMSIVBlockCipher(AESEngine.newInstance());
        c.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LEN * 8, nonce, aad));
        return c;
    }

    /** Zeroes the key copy held by this instance. */
    public void destroy() {
        Wipe.zero(key);
    }
}

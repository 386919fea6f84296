package org.vaultfs.crypt;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-SIV (RFC 5297): deterministic authenticated encryption. The key is twice an AES key,
 * the first half for S2V (AES-CMAC, RFC 4493), the second for CTR. AEROVAULT2 seals its
 * manifest and every entry name with AES-256-SIV (a 64-byte key) over two header strings, an
 * empty associated-data string and a 16-byte zero nonce, as the Rust {@code aes-siv} crate's
 * AEAD interface does. Built on the JDK's AES; proven with the RFC's vectors and the
 * AEROVAULT2 fixtures.
 */
public final class AesSiv {
    private static final int BLOCK = 16;

    private final byte[] macKey;
    private final byte[] ctrKey;

    /** {@code key}: 32, 48 or 64 bytes (AES-128, -192 or -256 SIV). */
    public AesSiv(byte[] key) {
        if (key.length != 32 && key.length != 48 && key.length != 64) {
            throw new IllegalArgumentException("AES-SIV key must be 32, 48 or 64 bytes");
        }
        this.macKey = Arrays.copyOfRange(key, 0, key.length / 2);
        this.ctrKey = Arrays.copyOfRange(key, key.length / 2, key.length);
    }

    /** V || ciphertext of {@code plaintext} under the header strings (associated data, then nonce). */
    public byte[] seal(byte[][] headers, byte[] plaintext) {
        byte[] v = s2v(headers, plaintext);
        byte[] out = new byte[BLOCK + plaintext.length];
        System.arraycopy(v, 0, out, 0, BLOCK);
        ctr(v, plaintext, 0, plaintext.length, out, BLOCK);
        return out;
    }

    /** The plaintext of {@code sealed} (V || ciphertext), or null when it does not authenticate. */
    public byte[] open(byte[][] headers, byte[] sealed) {
        if (sealed.length < BLOCK) {
            return null;
        }
        byte[] v = Arrays.copyOf(sealed, BLOCK);
        byte[] plain = new byte[sealed.length - BLOCK];
        ctr(v, sealed, BLOCK, plain.length, plain, 0);
        if (!MessageDigest.isEqual(v, s2v(headers, plain))) {
            Wipe.zero(plain);
            return null;
        }
        return plain;
    }

    /** Zeroes the keys; the instance is unusable after. */
    public void destroy() {
        Wipe.zero(macKey);
        Wipe.zero(ctrKey);
    }

    private byte[] s2v(byte[][] headers, byte[] last) {
        Cipher aes = ecb();
        byte[] d = cmac(aes, new byte[BLOCK]);
        for (byte[] h : headers) {
            d = xor(dbl(d), cmac(aes, h));
        }
        byte[] t;
        if (last.length >= BLOCK) {
            t = last.clone();
            for (int i = 0; i < BLOCK; i++) {
                t[last.length - BLOCK + i] ^= d[i];
            }
        } else {
            byte[] padded = new byte[BLOCK];
            System.arraycopy(last, 0, padded, 0, last.length);
            padded[last.length] = (byte) 0x80;
            t = xor(dbl(d), padded);
        }
        return cmac(aes, t);
    }

    private void ctr(byte[] v, byte[] in, int inOff, int len, byte[] out, int outOff) {
        byte[] q = v.clone();
        q[8] &= 0x7f;
        q[12] &= 0x7f;
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(ctrKey, "AES"), new IvParameterSpec(q));
            c.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }

    private Cipher ecb() {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(macKey, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** AES-CMAC (RFC 4493). */
    private static byte[] cmac(Cipher aes, byte[] m) {
        byte[] k1 = dbl(block(aes, new byte[BLOCK]));
        int n = Math.max(1, (m.length + BLOCK - 1) / BLOCK);
        boolean complete = m.length > 0 && m.length % BLOCK == 0;
        byte[] x = new byte[BLOCK];
        for (int i = 0; i < n - 1; i++) {
            for (int j = 0; j < BLOCK; j++) {
                x[j] ^= m[i * BLOCK + j];
            }
            x = block(aes, x);
        }
        byte[] lastBlock = new byte[BLOCK];
        int rest = m.length - (n - 1) * BLOCK;
        System.arraycopy(m, (n - 1) * BLOCK, lastBlock, 0, rest);
        byte[] k = k1;
        if (!complete) {
            lastBlock[rest] = (byte) 0x80;
            k = dbl(k1);
        }
        for (int j = 0; j < BLOCK; j++) {
            x[j] ^= (byte) (lastBlock[j] ^ k[j]);
        }
        return block(aes, x);
    }

    private static byte[] block(Cipher aes, byte[] in) {
        try {
            return aes.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
    }

    /** Multiplication by x in GF(2^128), the RFC's dbl. */
    private static byte[] dbl(byte[] s) {
        byte[] r = new byte[BLOCK];
        int carry = 0;
        for (int i = BLOCK - 1; i >= 0; i--) {
            int b = s[i] & 0xff;
            r[i] = (byte) ((b << 1) | carry);
            carry = b >>> 7;
        }
        if ((s[0] & 0x80) != 0) {
            r[BLOCK - 1] ^= (byte) 0x87;
        }
        return r;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            r[i] = (byte) (a[i] ^ b[i]);
        }
        return r;
    }
}

package org.vaultfs.crypt;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES-256 key wrap (RFC 3394, default IV) of a 32-byte key into 40 bytes. */
public final class AesKeyWrap {
    public static final int WRAPPED_LEN = 40;

    private AesKeyWrap() {
    }

    public static byte[] wrap(byte[] kek, byte[] key) {
        try {
            Cipher c = Cipher.getInstance("AESWrap_256");
            c.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
            return c.wrap(new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-KW wrap failed", e);
        }
    }

    /** Returns the unwrapped key, or null when the integrity check fails. */
    public static byte[] unwrap(byte[] kek, byte[] wrapped) {
        if (wrapped.length != WRAPPED_LEN) {
            return null;
        }
        try {
            Cipher c = Cipher.getInstance("AESWrap_256");
            c.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
            return c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}

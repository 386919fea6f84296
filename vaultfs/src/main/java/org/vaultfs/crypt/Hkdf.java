package org.vaultfs.crypt;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) with an absent salt, as AeroVault derives every subkey. */
public final class Hkdf {
    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    public static byte[] sha256(byte[] ikm, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF length out of range");
        }
        byte[] prk = null;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[HASH_LEN], "HmacSHA256"));
            prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int pos = 0;
            for (int i = 1; pos < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(HASH_LEN, length - pos);
                System.arraycopy(t, 0, out, pos, n);
                pos += n;
            }
            Wipe.zero(t);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 unavailable", e);
        } finally {
            Wipe.zero(prk);
        }
    }
}

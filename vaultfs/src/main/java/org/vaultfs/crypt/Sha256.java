package org.vaultfs.crypt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** SHA-256 of a byte range in one call: in C where the CPU has the SHA extensions, else the JDK's. */
public final class Sha256 {
    private Sha256() {
    }

    public static byte[] digest(byte[] in, int off, int len) {
        Objects.checkFromIndexSize(off, len, in.length);
        if (NativeSha256.available()) {
            return NativeSha256.digest(in, off, len);
        }
        return inJava(in, off, len);
    }

    /** The JDK's digest (tests compare the two). */
    static byte[] inJava(byte[] in, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(in, off, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

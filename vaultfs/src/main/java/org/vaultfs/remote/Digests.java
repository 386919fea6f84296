package org.vaultfs.remote;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The two digests transfers use: MD5, which S3 speaks (Content-MD5, ETags), and SHA-256 for our own records. */
final class Digests {
    private Digests() {
    }

    static MessageDigest md5() {
        return get("MD5");
    }

    static MessageDigest sha256() {
        return get("SHA-256");
    }

    private static MessageDigest get(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is in every JDK", e);
        }
    }
}

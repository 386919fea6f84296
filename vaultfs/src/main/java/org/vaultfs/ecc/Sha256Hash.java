package org.vaultfs.ecc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A running SHA-256, usable as an {@link AvecEncoder.Observer} (the sidecar content binding). */
final class Sha256Hash implements SidecarWriter.ContentHash {
    private final MessageDigest md;

    Sha256Hash() {
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    @Override
    public AvecEncoder.Observer observer() {
        return md::update;
    }

    void update(byte[] b, int off, int len) {
        md.update(b, off, len);
    }

    @Override
    public byte[] digest() {
        return md.digest();
    }
}

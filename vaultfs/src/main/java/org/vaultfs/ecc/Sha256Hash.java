package org.vaultfs.ecc;

import org.vaultfs.crypt.Sha256;

/** A running SHA-256, usable as an {@link AvecEncoder.Observer} (the sidecar content binding). */
final class Sha256Hash implements SidecarWriter.ContentHash {
    private final Sha256.Running md = Sha256.running();

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

package org.vaultfs.container;

import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** The stored manifest blob: nonce || AES-256-GCM-SIV(JSON) under the manifest AAD. */
final class ManifestCrypto {
    private ManifestCrypto() {
    }

    static byte[] open(VaultKeys keys, boolean plaintextLane, byte[] stored) {
        if (plaintextLane) {
            return stored;
        }
        if (stored.length < ReaderLimits.AEAD_OVERHEAD) {
            throw new VaultException(Failure.MANIFEST_AUTH, "manifest is too short to be authentic (" + stored.length + " bytes)");
        }
        AesGcmSiv aead = new AesGcmSiv(keys.masterKey());
        try {
            byte[] json = aead.open(java.util.Arrays.copyOf(stored, 12), stored, 12, stored.length - 12, BlockAad.MANIFEST);
            if (json == null) {
                throw new VaultException(Failure.MANIFEST_AUTH, "manifest failed authentication: damaged or forged");
            }
            return json;
        } finally {
            aead.destroy();
        }
    }

    /** Room {@link #sealInPlace} needs before and after the JSON. */
    static final int HEAD = 12;
    static final int TAIL = AesGcmSiv.TAG_LEN;

    /**
     * Seals {@code buf} = room for the nonce, the JSON, room for the tag into the stored
     * manifest, in place (encrypted lane): nonce || ciphertext || tag.
     */
    static byte[] sealInPlace(VaultKeys keys, byte[] buf, RandomSource random) {
        byte[] nonce = random.nextBytes(HEAD);
        AesGcmSiv aead = new AesGcmSiv(keys.masterKey());
        try {
            aead.seal(nonce, buf, HEAD, buf.length - HEAD - TAIL, BlockAad.MANIFEST, buf, HEAD);
            System.arraycopy(nonce, 0, buf, 0, HEAD);
            return buf;
        } finally {
            aead.destroy();
        }
    }
}

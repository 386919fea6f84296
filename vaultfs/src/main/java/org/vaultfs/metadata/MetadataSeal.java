package org.vaultfs.metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.Hkdf;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.Wipe;

/**
 * Seals the metadata payload (SPEC.md §20.2): AES-256-GCM-SIV under a key of its own, derived
 * from the master key with its own label, and an AAD that binds it to the exact stored
 * manifest it describes, so a payload copied from another vault, or left from an older
 * version of this one (another tool rewrote the manifest), does not open.
 */
public final class MetadataSeal {
    public static final String EXTENSION_ID = "vaultfs.posix-metadata";
    public static final String ALGORITHM_ID = "vaultfs-posix-metadata";
    public static final long ALGORITHM_VERSION = 1;
    static final byte[] LABEL = "vaultfs posix metadata v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = AesGcmSiv.NONCE_LEN;

    private MetadataSeal() {
    }

    /** {@code nonce(12) || GCM-SIV(json) || tag(16)}. */
    public static byte[] seal(byte[] masterKey, byte[] manifestDigest, byte[] json, RandomSource random) {
        byte[] key = Hkdf.sha256(masterKey, LABEL, 32);
        AesGcmSiv aead = new AesGcmSiv(key);
        try {
            byte[] nonce = random.nextBytes(NONCE);
            byte[] out = new byte[NONCE + json.length + AesGcmSiv.TAG_LEN];
            System.arraycopy(nonce, 0, out, 0, NONCE);
            aead.seal(nonce, json, 0, json.length, aad(manifestDigest), out, NONCE);
            return out;
        } finally {
            aead.destroy();
            Wipe.zero(key);
        }
    }

    /** The JSON, or null when the payload does not open under this vault's key and manifest. */
    public static byte[] open(byte[] masterKey, byte[] manifestDigest, byte[] payload) {
        if (payload.length < NONCE + AesGcmSiv.TAG_LEN) {
            return null;
        }
        byte[] key = Hkdf.sha256(masterKey, LABEL, 32);
        AesGcmSiv aead = new AesGcmSiv(key);
        try {
            return aead.open(Arrays.copyOf(payload, NONCE), payload, NONCE, payload.length - NONCE, aad(manifestDigest));
        } finally {
            aead.destroy();
            Wipe.zero(key);
        }
    }

    /** The largest payload a reader reads: the plaintext limit plus nonce and tag. */
    public static long maxPayload() {
        return MetadataJson.MAX_PLAINTEXT + NONCE + AesGcmSiv.TAG_LEN;
    }

    /** The label and the SHA-256 of the stored manifest (its bytes in the file, nonce and tag included). */
    static byte[] aad(byte[] manifestDigest) {
        byte[] aad = Arrays.copyOf(LABEL, LABEL.length + manifestDigest.length);
        System.arraycopy(manifestDigest, 0, aad, LABEL.length, manifestDigest.length);
        return aad;
    }

    /** A digest to feed the stored manifest into, piece by piece. */
    public static MessageDigest manifestDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

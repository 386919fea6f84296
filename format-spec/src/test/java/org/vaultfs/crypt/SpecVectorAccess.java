package org.vaultfs.crypt;

/**
 * Opens the vaultfs test-jar's package-private published vectors (RFC 8452 appendix C, the
 * BLAKE3 team's test_vectors.json) to the format-spec generator. Same package name, test
 * classpath only: the vectors stay where the crypt tests keep them, with one copy.
 */
public final class SpecVectorAccess {
    private SpecVectorAccess() {
    }

    /** key, nonce, aad, plaintext, ciphertext || tag (hex), RFC 8452 C.2 then C.3. */
    public static String[][] gcmSivRfc8452() {
        return AesGcmSivRfc8452Vectors.CASES;
    }

    /** input_len, hash (131-byte XOF, hex), keyed_hash (hex); input byte i is i mod 251. */
    public static String[][] blake3Official() {
        return Blake3OfficialVectors.CASES;
    }

    public static String blake3OfficialKey() {
        return Blake3OfficialVectors.KEY;
    }
}

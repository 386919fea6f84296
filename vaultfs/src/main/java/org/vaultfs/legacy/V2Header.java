package org.vaultfs.legacy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.crypt.HmacSha512;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The 512-byte AEROVAULT2 header: magic, version (2 or 3), flags (bit 0: the ChaCha20-Poly1305
 * cascade), Argon2id salt, the two AES-KW-wrapped keys, the chunk size, zero reserved bytes
 * 128..448 and an HMAC-SHA512 at 448. The MAC covers the header as the reference re-encodes
 * it, with flag bits 1-7 dropped: those bits are not authenticated, so only bit 0 means
 * anything.
 */
record V2Header(int version, boolean cascade, byte[] salt, byte[] wrappedMasterKey, byte[] wrappedMacKey,
                long chunkSize, byte[] bytes) {
    static final int SIZE = 512;
    static final byte[] MAGIC = "AEROVAULT2".getBytes(StandardCharsets.US_ASCII);
    static final int LEGACY_VERSION = 2;
    static final int VERSION = 3;
    private static final int RESERVED_START = 128;
    private static final int MAC_OFFSET = 448;

    static V2Header parse(byte[] b, String name) {
        if (b.length < SIZE) {
            throw new VaultException(Failure.TRUNCATED, name + " is truncated: " + b.length + " bytes, the AEROVAULT2 header alone is 512");
        }
        if (!Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new VaultException(Failure.NOT_A_VAULT, name + " is not an AEROVAULT2 file (bad magic)");
        }
        int version = b[10] & 0xff;
        if (version != VERSION && version != LEGACY_VERSION) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "unsupported AEROVAULT2 header version " + version);
        }
        for (int i = RESERVED_START; i < MAC_OFFSET; i++) {
            if (b[i] != 0) {
                throw new VaultException(Failure.RESERVED_BYTES, "reserved AEROVAULT2 header byte at offset " + i + " is not zero");
            }
        }
        return new V2Header(version, (b[11] & 1) != 0, Arrays.copyOfRange(b, 12, 44), Arrays.copyOfRange(b, 44, 84),
                Arrays.copyOfRange(b, 84, 124), LittleEndian.getUnsignedInt(b, 124), Arrays.copyOf(b, SIZE));
    }

    /** Throws HEADER_MAC unless the stored MAC is the one {@code macKey} gives. */
    void verifyMac(byte[] macKey) {
        byte[] covered = bytes.clone();
        covered[11] = (byte) (cascade ? 1 : 0);
        Arrays.fill(covered, MAC_OFFSET, SIZE, (byte) 0);
        if (!HmacSha512.equal(HmacSha512.mac(macKey, covered), Arrays.copyOfRange(bytes, MAC_OFFSET, SIZE))) {
            throw new VaultException(Failure.HEADER_MAC, "AEROVAULT2 header MAC mismatch: the header was modified or damaged");
        }
    }

    /** AEAD overhead of one stored chunk: nonce and tag, twice under the cascade. */
    int chunkOverhead() {
        return cascade ? 56 : 28;
    }
}

package org.vaultfs.container;

import java.nio.charset.StandardCharsets;
import org.vaultfs.crypt.AesKeyWrap;
import org.vaultfs.crypt.Hkdf;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The two long-lived vault keys (SPEC.md §4). The master key encrypts the manifest and every
 * block and keys the chunk ids; the MAC key authenticates the header. Both are only ever
 * stored wrapped under password-derived KEKs.
 */
public final class VaultKeys implements AutoCloseable {
    static final byte[] LABEL_MASTER_KEK = ascii("AeroVault v3 KEK for master key");
    static final byte[] LABEL_MAC_KEK = ascii("AeroVault v3 KEK for MAC key");
    static final byte[] LABEL_CHUNK_ID = ascii("AeroVault v3 keyed BLAKE3 chunk ids");
    static final byte[] PLAINTEXT_LANE_IKM = ascii("AeroVault v3 aerozip public container");
    static final byte[] PLAINTEXT_LANE_MAC_LABEL = ascii("AeroVault v3 aerozip header integrity key");
    public static final int MIN_PASSWORD_BYTES = 8;

    private final byte[] masterKey;
    private final byte[] macKey;

    private VaultKeys(byte[] masterKey, byte[] macKey) {
        this.masterKey = masterKey;
        this.macKey = macKey;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Fresh random keys for a new vault; draws the master key then the MAC key. */
    public static VaultKeys generate(RandomSource random) {
        byte[] master = random.nextBytes(32);
        byte[] mac = random.nextBytes(32);
        return new VaultKeys(master, mac);
    }

    /** The public keys of the unencrypted integrity-only lane (header flag 0x01). */
    public static VaultKeys plaintextLane() {
        return new VaultKeys(new byte[32], Hkdf.sha256(PLAINTEXT_LANE_IKM, PLAINTEXT_LANE_MAC_LABEL, 32));
    }

    /**
     * Unwraps both keys from an encrypted-lane header and verifies the header MAC, in the
     * reference's order: MAC key, header MAC, wrapper-header version, master key.
     */
    public static VaultKeys unlock(VaultHeader header, byte[] baseKek) {
        byte[] kekMaster = Hkdf.sha256(baseKek, LABEL_MASTER_KEK, 32);
        byte[] kekMac = Hkdf.sha256(baseKek, LABEL_MAC_KEK, 32);
        try {
            byte[] mac = AesKeyWrap.unwrap(kekMac, header.wrappedMacKey());
            if (mac == null) {
                throw new VaultException(Failure.WRONG_PASSWORD, "wrong password (or the wrapped key in the header is damaged)");
            }
            try {
                header.verifyMac(mac);
            } catch (VaultException e) {
                Wipe.zero(mac);
                throw e;
            }
            if (header.wrapperHeaderVersion() != VaultHeader.SUPPORTED_WRAPPER_HEADER_VERSION) {
                Wipe.zero(mac);
                throw new VaultException(Failure.UNSUPPORTED_VERSION,
                        "unsupported wrapper-header version " + header.wrapperHeaderVersion() + " (expected 1)");
            }
            byte[] master = AesKeyWrap.unwrap(kekMaster, header.wrappedMasterKey());
            if (master == null) {
                Wipe.zero(mac);
                throw new VaultException(Failure.HEADER_MAC, "the wrapped master key does not unwrap under an authentic header");
            }
            return new VaultKeys(master, mac);
        } finally {
            Wipe.zero(kekMaster);
            Wipe.zero(kekMac);
        }
    }

    /** Wraps both keys under KEKs derived from {@code baseKek} into {@code header}. */
    public void wrapInto(VaultHeader.Builder header, byte[] salt, byte[] baseKek) {
        byte[] kekMaster = Hkdf.sha256(baseKek, LABEL_MASTER_KEK, 32);
        byte[] kekMac = Hkdf.sha256(baseKek, LABEL_MAC_KEK, 32);
        try {
            header.salt = salt.clone();
            header.wrappedMasterKey = AesKeyWrap.wrap(kekMaster, masterKey);
            header.wrappedMacKey = AesKeyWrap.wrap(kekMac, macKey);
        } finally {
            Wipe.zero(kekMaster);
            Wipe.zero(kekMac);
        }
    }

    public byte[] masterKey() {
        return masterKey;
    }

    public byte[] macKey() {
        return macKey;
    }

    /** Derives the keyed-BLAKE3 chunk-id key; the caller owns (and must wipe) the result. */
    public byte[] chunkIdKey() {
        return Hkdf.sha256(masterKey, LABEL_CHUNK_ID, 32);
    }

    @Override
    public void close() {
        Wipe.zero(masterKey);
        Wipe.zero(macKey);
    }
}

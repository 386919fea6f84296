package org.vaultfs.legacy;

import java.nio.charset.StandardCharsets;
import org.vaultfs.container.PasswordKdf;
import org.vaultfs.crypt.AesKeyWrap;
import org.vaultfs.crypt.AesSiv;
import org.vaultfs.crypt.Hkdf;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The keys of an unlocked AEROVAULT2 vault, in the reference's order: Argon2id of the
 * password, HKDF-SHA256 to two KEKs, unwrap the MAC key, verify the header, then unwrap the
 * master key. From the master key: the 64-byte AES-SIV key for the manifest and names, and
 * the ChaCha20-Poly1305 key of the cascade.
 */
final class V2Keys implements AutoCloseable {
    static final byte[] LABEL_MASTER = ascii("AeroVault v2 KEK for master key");
    static final byte[] LABEL_MAC = ascii("AeroVault v2 KEK for MAC key");
    static final byte[] LABEL_CHACHA = ascii("AeroVault v2 ChaCha20-Poly1305 cascade");
    static final byte[] LABEL_SIV = ascii("AeroVault v2 AES-SIV filename encryption");

    final byte[] masterKey;
    final byte[] macKey;
    final byte[] chachaKey;
    final AesSiv siv;

    private V2Keys(byte[] masterKey, byte[] macKey) {
        this.masterKey = masterKey;
        this.macKey = macKey;
        byte[] sivKey = Hkdf.sha256(masterKey, LABEL_SIV, 64);
        this.siv = new AesSiv(sivKey);
        Wipe.zero(sivKey);
        this.chachaKey = Hkdf.sha256(masterKey, LABEL_CHACHA, 32);
    }

    /** Fresh random master and MAC keys, for a new vault. */
    static V2Keys generate(org.vaultfs.crypt.RandomSource random) {
        return new V2Keys(random.nextBytes(32), random.nextBytes(32));
    }

    static V2Keys unlock(V2Header h, byte[] password, PasswordKdf kdf) {
        byte[] base = kdf.derive(password, h.salt());
        byte[] kekMaster = Hkdf.sha256(base, LABEL_MASTER, 32);
        byte[] kekMac = Hkdf.sha256(base, LABEL_MAC, 32);
        Wipe.zero(base);
        byte[] mac = null;
        try {
            mac = AesKeyWrap.unwrap(kekMac, h.wrappedMacKey());
            if (mac == null) {
                throw new VaultException(Failure.WRONG_PASSWORD, "wrong password (or the vault's key material is damaged)");
            }
            h.verifyMac(mac);
            byte[] master = AesKeyWrap.unwrap(kekMaster, h.wrappedMasterKey());
            if (master == null) {
                throw new VaultException(Failure.WRONG_PASSWORD, "the master key does not unwrap under this password");
            }
            V2Keys keys = new V2Keys(master, mac);
            mac = null; // kept by the keys
            return keys;
        } finally {
            Wipe.zero(kekMaster);
            Wipe.zero(kekMac);
            Wipe.zero(mac);
        }
    }

    /**
     * Writes {@code master} and {@code mac}, AES-KW-wrapped under the KEKs of {@code base} (the
     * password's Argon2id output), into header bytes 44..84 and 84..124.
     */
    static void wrapInto(byte[] header, byte[] base, byte[] master, byte[] mac) {
        byte[] kekMaster = Hkdf.sha256(base, LABEL_MASTER, 32);
        byte[] kekMac = Hkdf.sha256(base, LABEL_MAC, 32);
        try {
            System.arraycopy(AesKeyWrap.wrap(kekMaster, master), 0, header, 44, 40);
            System.arraycopy(AesKeyWrap.wrap(kekMac, mac), 0, header, 84, 40);
        } finally {
            Wipe.zero(kekMaster);
            Wipe.zero(kekMac);
        }
    }

    @Override
    public void close() {
        Wipe.zero(masterKey);
        Wipe.zero(macKey);
        Wipe.zero(chachaKey);
        siv.destroy();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

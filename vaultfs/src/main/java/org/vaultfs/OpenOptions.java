package org.vaultfs;

import org.vaultfs.container.PasswordKdf;
import org.vaultfs.event.VaultListener;

/**
 * How {@link Vault#open} reads a vault.
 *
 * @param listener hears of blocks repaired or found unreadable while reading (the library never prints)
 * @param repairFromParity rebuild a damaged block in memory from the vault's parity, when it has any
 *     (the vault itself is never written); off to see damage as it is
 * @param kdf how the password becomes a key: Argon2id as the format requires; tests substitute a cache
 * @param metadataAhead open the metadata extension ({@link Vault#metadata}) on a second thread while
 *     the manifest is read; off for a caller that never asks for it, whose open then spends no CPU on it
 */
public record OpenOptions(VaultListener listener, boolean repairFromParity, PasswordKdf kdf, boolean metadataAhead) {
    public static final OpenOptions DEFAULT = new OpenOptions(VaultListener.IGNORE, true, PasswordKdf.ARGON2ID, true);

    public OpenOptions {
        if (listener == null || kdf == null) {
            throw new NullPointerException("listener and kdf are required");
        }
    }

    public OpenOptions withListener(VaultListener l) {
        return new OpenOptions(l, repairFromParity, kdf, metadataAhead);
    }

    public OpenOptions withRepairFromParity(boolean repair) {
        return new OpenOptions(listener, repair, kdf, metadataAhead);
    }

    public OpenOptions withKdf(PasswordKdf k) {
        return new OpenOptions(listener, repairFromParity, k, metadataAhead);
    }

    public OpenOptions withMetadataAhead(boolean ahead) {
        return new OpenOptions(listener, repairFromParity, kdf, ahead);
    }
}

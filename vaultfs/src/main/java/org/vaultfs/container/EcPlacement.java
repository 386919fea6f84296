package org.vaultfs.container;

import java.util.Locale;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Where a vault's Reed-Solomon parity lives (SPEC.md §13.2). */
public enum EcPlacement {
    /** Extensions inside the vault, recomputed on every commit. */
    EMBEDDED,
    /** A {@code VAULT.aerocorrect} sidecar beside the vault; the container carries no parity. */
    DETACHED,
    /** Both. */
    BOTH;

    public boolean embeds() {
        return this != DETACHED;
    }

    public boolean writesSidecar() {
        return this != EMBEDDED;
    }

    public static EcPlacement parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "unknown parity placement '" + s + "' (expected embedded, detached or both)");
        }
    }
}

package org.vaultfs.testing;

import java.nio.file.Path;
import org.vaultfs.Vault;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;

/** A directory sealed into a new vault with the default options and the tests' cached key derivation. */
public final class SealedTrees {
    private SealedTrees() {
    }

    /** Seals the contents of {@code src} as the vault root into the new file {@code vault}; returns {@code vault}. */
    public static Path seal(Path src, Path vault, byte[] password) {
        try (VaultEditor ed = Vault.create(vault, password, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(src, "");
            ed.commit();
        }
        return vault;
    }
}

package org.vaultfs.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Parity is never replaced silently: writing over an existing sidecar takes --force. */
final class SidecarGuard {
    private SidecarGuard() {
    }

    static void requireAbsent(Path sidecar, boolean force) {
        if (!force && Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, sidecar + " already exists; pass --force to replace it");
        }
    }
}

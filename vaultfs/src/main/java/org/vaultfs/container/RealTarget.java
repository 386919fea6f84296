package org.vaultfs.container;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a write to a vault really lands. Through a symlink, the temp file, the lock, the
 * rename and the sidecar all belong beside the file the link points to: renaming over the
 * link's own name would replace the link and leave the vault unchanged, and two writers
 * (one via the link, one via the real name) would not exclude each other.
 */
public final class RealTarget {
    private RealTarget() {
    }

    public static Path of(Path vault) {
        Path abs = vault.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (NoSuchFileException e) {
            // Not there yet (a vault being created), or a dangling link, which create refuses.
            Path parent = abs.getParent();
            try {
                return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
            } catch (IOException x) {
                return abs;
            }
        } catch (IOException e) {
            return abs;
        }
    }
}

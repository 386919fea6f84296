package org.vaultfs.fs;

import org.vaultfs.container.ContainerReader;
import org.vaultfs.event.VaultListener;

/**
 * Builds the filesystem view over a reader. Apart from {@link VaultFileSystem} so that its
 * public type does not hand out the reader: callers get the view from {@code Vault.toFileSystem}.
 */
public final class VaultFileSystems {
    private VaultFileSystems() {
    }

    /** A view serving {@code reader}'s files through {@code source}, which it then owns with the reader. */
    public static VaultFileSystem of(ContainerReader reader, ChunkSource source, long cacheBytes, VaultListener listener) {
        return of(reader, source, cacheBytes, listener, org.vaultfs.metadata.TreeMetadata.empty());
    }

    /** With the vault's metadata (SPEC.md §20) shown: modes, times, hard links, symlinks, FIFOs, devices, xattrs. */
    public static VaultFileSystem of(ContainerReader reader, ChunkSource source, long cacheBytes, VaultListener listener,
                                     org.vaultfs.metadata.TreeMetadata metadata) {
        return new VaultFileSystem(reader, source, cacheBytes, listener, metadata);
    }
}

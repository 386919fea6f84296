package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.VaultReader;
import org.vaultfs.event.VaultListener;
import org.vaultfs.fs.ReaderChunkSource;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fs.VaultFileSystems;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;

/**
 * The adapter built ahead of its filesystem (while the password is read) serves exactly one,
 * attached before it mounts: never none, never a second.
 */
class PreparedAdapterTest {
    @TempDir
    Path dir;

    private static VaultFileSystem golden() {
        VaultReader reader = VaultReader.open(Fixtures.require("aerovault3_golden.av3"),
                Fixtures.GOLDEN_PASSWORD.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE);
        return VaultFileSystems.of(reader, new ReaderChunkSource(reader), 1 << 20, VaultListener.IGNORE);
    }

    @Test
    void anUnattachedAdapterRefusesToMount() {
        MountedVault.assumeFuse();
        VaultFuse unattached = new VaultFuse();
        assertThrows(IllegalStateException.class, () -> unattached.mount(dir, true, false, new String[0]));
    }

    @Test
    void anAdapterServesOneFilesystemOnly() {
        MountedVault.assumeFuse();
        try (VaultFileSystem a = golden(); VaultFileSystem b = golden()) {
            VaultFuse adapter = new VaultFuse(a, MountConfig.forCurrentUser());
            assertThrows(IllegalStateException.class, () -> adapter.attach(b, MountConfig.forCurrentUser()));
        }
    }

    @Test
    void everyMountGetsAnAdapterOfItsOwn() {
        MountedVault.assumeFuse();
        FuseSupport.probeInBackground();
        try (VaultFileSystem a = golden(); VaultFileSystem b = golden()) {
            VaultFuse first = FuseSupport.adapter(a, MountConfig.forCurrentUser());
            VaultFuse second = FuseSupport.adapter(b, MountConfig.forCurrentUser());
            assertNotSame(first, second);
        }
    }
}

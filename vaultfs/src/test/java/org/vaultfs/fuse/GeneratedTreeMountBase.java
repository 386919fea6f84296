package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Shared fixture: one generated tree sealed per test class, and a mount unmounted after each test. */
abstract class GeneratedTreeMountBase {
    @TempDir
    static Path shared;
    static GeneratedTree tree;

    @TempDir
    Path tmp;
    MountedVault m;

    @BeforeAll
    static void seal() throws IOException {
        MountedVault.assumeFuse();
        tree = GeneratedTree.create(shared);
    }

    @AfterEach
    void unmount() {
        if (m != null) {
            Path dir = m.dir;
            m.close();
            assertTrue(!MountTable.isMounted(dir), "still mounted after close");
        }
    }
}

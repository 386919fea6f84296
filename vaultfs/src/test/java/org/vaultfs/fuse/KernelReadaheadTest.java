package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.event.VaultListener;
import org.vaultfs.testing.Fixtures;

class KernelReadaheadTest {
    @TempDir
    Path tmp;
    MountedVault m;

    @AfterEach
    void unmount() {
        if (m != null) {
            m.close();
        }
    }

    static String line(int id, String dev, String mountPoint, String type) {
        return id + " 1 " + dev + " / " + mountPoint + " ro,nosuid,nodev,relatime shared:" + id + " - " + type + " vaultfs ro,user_id=0,group_id=0";
    }

    @Test
    void findsTheDeviceOfOurMount() {
        List<String> info = List.of(
                "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
                line(40, "0:41", "/tmp/other", "fuse.vaultfs"),
                line(41, "0:52", "/tmp/mine", "fuse.vaultfs"));
        assertEquals(Optional.of("0:52"), KernelReadahead.deviceOf(Path.of("/tmp/mine"), info));
        assertEquals(Optional.empty(), KernelReadahead.deviceOf(Path.of("/tmp/none"), info));
    }

    @Test
    void neverPicksAnotherFilesystemsDevice() {
        List<String> info = List.of(
                "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
                line(40, "0:41", "/tmp/sq", "fuse.squashfuse"));
        assertEquals(Optional.empty(), KernelReadahead.deviceOf(Path.of("/"), info), "the root disk is not ours");
        assertEquals(Optional.empty(), KernelReadahead.deviceOf(Path.of("/tmp/sq"), info));
        // Something mounted over our mount hides it: its device is not ours to change.
        List<String> stacked = List.of(line(40, "0:41", "/tmp/m", "fuse.vaultfs"), line(41, "0:42", "/tmp/m", "tmpfs"));
        assertEquals(Optional.empty(), KernelReadahead.deviceOf(Path.of("/tmp/m"), stacked));
        List<String> ontop = List.of(line(40, "0:42", "/tmp/m", "tmpfs"), line(41, "0:41", "/tmp/m", "fuse.vaultfs"));
        assertEquals(Optional.of("0:41"), KernelReadahead.deviceOf(Path.of("/tmp/m"), ontop));
    }

    @Test
    void readsEscapedMountPointsAndSkipsMalformedLines() {
        List<String> info = List.of("garbage", "1 2 3", line(40, "0:41", "/tmp/a\\040b", "fuse.vaultfs"),
                "41 1 0:99 / /tmp/x rw - fuse.vaultfs");
        assertEquals(Optional.of("0:41"), KernelReadahead.deviceOf(Path.of("/tmp/a b"), info));
        assertEquals(Optional.of("0:99"), KernelReadahead.deviceOf(Path.of("/tmp/x"), info), "no optional fields");
    }

    @Test
    void nothingMountedIsANoOp() {
        assertFalse(KernelReadahead.apply(tmp, KernelReadahead.DEFAULT_KIB, VaultListener.IGNORE));
        assertEquals(Optional.empty(), KernelReadahead.current(tmp));
        assertThrows(IllegalArgumentException.class, () -> KernelReadahead.apply(tmp, 0, VaultListener.IGNORE));
    }

    @Test
    void aRealMountGetsTheWiderWindowWhenRoot() throws Exception {
        m = MountedVault.mount(Fixtures.require("aerovault3_golden.av3"), Fixtures.GOLDEN_PASSWORD, tmp, 1 << 20);
        Optional<Integer> window = KernelReadahead.current(m.dir);
        Assumptions.assumeTrue(window.isPresent(), "no bdi readahead in sysfs here");
        if (canWriteSysfs()) {
            assertEquals(KernelReadahead.DEFAULT_KIB, window.get(), "FuseMount.mount sets the window");
            assertTrue(KernelReadahead.apply(m.dir, 512, VaultListener.IGNORE));
            assertEquals(512, KernelReadahead.current(m.dir).orElseThrow());
        } else {
            assertFalse(KernelReadahead.apply(m.dir, 512, VaultListener.IGNORE), "not root: left alone, no exception");
            assertTrue(window.get() != 512);
        }
    }

    private static boolean canWriteSysfs() throws IOException {
        return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
    }
}

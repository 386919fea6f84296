package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fuse.FuseMount;
import org.vaultfs.fuse.FuseSupport;
import org.vaultfs.fuse.MountConfig;
import org.vaultfs.testing.CachingKdf;

/**
 * The mount shows what the metadata extension holds (a real FUSE mount): stored modes without
 * write bits, nanosecond times, symlinks that readlink, hard links sharing an inode and a link
 * count, FIFOs and devices by type, xattrs, and the stored owners with {@code stored_owners};
 * an executable in the vault runs from the mount.
 */
class MetadataMountTest {
    static final byte[] PW = "metadata mount test".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    /** {@code find -printf} as MetadataRoundTripTest's, with write bits masked and the owner left out. */
    static TreeMap<String, String> stats(Path root, boolean owners) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        for (var e : MetadataRoundTripTest.listing(root).entrySet()) {
            String[] f = e.getValue().split("\\|", -1);
            int mode = Integer.parseInt(f[1], 8);
            f[1] = f[0].equals("l") ? "777" : Integer.toOctalString(mode & 07555);
            if (!owners) {
                f[2] = "-";
                f[3] = "-";
            }
            out.put(e.getKey(), String.join("|", f));
        }
        return out;
    }

    @Test
    void theMountShowsStoredModesLinksSpecialsTimesAndXattrs() throws Exception {
        FuseSupport.unavailableReason().ifPresent(why -> Assumptions.abort("FUSE: " + why));
        boolean root = MetadataRoundTripTest.root();
        Path src = MetadataRoundTripTest.build(tmp, root);
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = Vault.create(v, PW, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(src, "");
            ed.commit();
        }
        for (boolean owners : new boolean[] {false, true}) {
            Path mnt = Files.createDirectory(tmp.resolve("mnt-" + owners));
            VaultFileSystem fs = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE)).toFileSystem(32 << 20);
            try (FuseMount m = FuseMount.mount(fs, mnt, MountConfig.forCurrentUser().withStoredOwners(owners))) {
                assertEquals(stats(src, owners), stats(mnt, owners));
                assertEquals(MetadataRoundTripTest.xattr(src.resolve("note.txt")), MetadataRoundTripTest.xattr(mnt.resolve("note.txt")));
                assertEquals("bin/tool", Files.readSymbolicLink(mnt.resolve("rel")).toString());
                assertTrue(Files.isSameFile(mnt.resolve("shared/data.txt"), mnt.resolve("other/data-link.txt")));
                Process p = new ProcessBuilder(mnt.resolve("bin/tool").toString()).redirectErrorStream(true).start();
                assertEquals("run from the vault\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                assertEquals(0, p.waitFor());
            } finally {
                fs.close();
            }
        }
    }
}

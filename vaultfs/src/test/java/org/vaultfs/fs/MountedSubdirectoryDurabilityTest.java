package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable extraction makes a batch's bytes durable with syncfs before renaming its files
 * into place, and the renamed names with syncfs at the end. syncfs covers one filesystem: a
 * directory of the target that is a mount point of another one (a tmpfs here) must get its
 * own, before any file in it takes its name, and again for its directory at the end.
 */
class MountedSubdirectoryDurabilityTest {
    @TempDir
    Path tmp;

    private static long device(Path p) throws Exception {
        return (Long) Files.getAttribute(p, "unix:dev");
    }

    private static boolean run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    @Test
    void everyFilesystemWrittenToIsSyncedBeforeItsFilesAreRenamed() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Path inner = Files.createDirectories(target.resolve("inner"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", inner.toString()),
                "mounting a tmpfs needs root");
        try {
            assertNotEquals(device(target), device(inner));
            List<Long> synced = new ArrayList<>();
            List<Boolean> innerFileVisibleAtItsSync = new ArrayList<>();
            ExtractTarget t = ExtractTarget.open(target, true, false);
            t.syncFilesystemsWith(fd -> {
                try {
                    long dev = device(Path.of("/proc/self/fd/" + fd));
                    synced.add(dev);
                    if (dev == device(inner)) {
                        innerFileVisibleAtItsSync.add(Files.exists(inner.resolve("b.txt")));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return DirectoryFds.syncFilesystem(fd);
            });
            byte[] a = "on the target's filesystem\n".getBytes(StandardCharsets.UTF_8);
            byte[] b = "on the filesystem mounted inside it\n".getBytes(StandardCharsets.UTF_8);
            try {
                ExtractTarget.PendingFile fa = t.create("a.txt");
                fa.write(a, 0, a.length);
                fa.commit((java.nio.file.attribute.FileTime) null);
                ExtractTarget.PendingFile fb = t.create("inner/b.txt");
                fb.write(b, 0, b.length);
                fb.commit((java.nio.file.attribute.FileTime) null);
                t.awaitCommits();
                assertEquals(2, synced.size(), "one sync per filesystem in the batch: " + synced);
                t.syncDirectories();
            } finally {
                t.close();
            }
            assertArrayEquals(a, Files.readAllBytes(target.resolve("a.txt")));
            assertArrayEquals(b, Files.readAllBytes(inner.resolve("b.txt")));
            assertTrue(synced.contains(device(target)), "the target's filesystem synced: " + synced);
            assertEquals(List.of(false, true), innerFileVisibleAtItsSync,
                    "the mounted filesystem synced before its file was renamed, then once more for the rename");
            // Then the renames' directories, again one sync per filesystem: a file renamed in each.
            assertEquals(4, synced.size(), "one more sync per filesystem for the directories: " + synced);
            assertEquals(synced.subList(0, 2).stream().sorted().toList(), synced.subList(2, 4).stream().sorted().toList());
        } finally {
            run("umount", inner.toString());
        }
        assertFalse(Files.exists(inner.resolve("b.txt")));
    }
}

package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.packing.SmallFilePack;
import org.vaultfs.testing.DeterministicRandom;
import org.vaultfs.testing.ThreadsEnded;

/**
 * A tree sealed while it is walked must be the vault its files give when added in vault-path
 * order after a whole walk (SPEC 8.4: large files in the caller's order, then the small ones),
 * byte for byte: the large files are read as the walk finds them, so a find handed on out of
 * order would put their blocks in another order.
 */
class BackgroundSourceWalkTest {
    private static final byte[] PW = "background-walk-pw".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aTreeSealedAsItIsWalkedIsItsFilesAddedInPathOrder() throws Exception {
        Path root = dir.resolve("src");
        SourceTreeTest.makeTreeOfOrderTraps(root);
        Random r = new Random(8_4);
        byte[] big = new byte[SmallFilePack.SMALL_FILE_THRESHOLD + 40_000];
        // Large files where a directory's name would sort them wrongly, one a copy of another (dedup).
        for (String f : List.of("a.txt", "a/x", "a/b/c.bin", "a0", "\uD83D\uDE00.txt", "\uE000/k", "z/y/x/w")) {
            r.nextBytes(big);
            Files.write(root.resolve(f), big);
        }
        Files.copy(root.resolve("a/x"), root.resolve("b"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Path walked = dir.resolve("walked.av3");
        try (VaultEditor ed = VaultEditor.create(walked, PW, GoldenReproductionTest.deterministic(new DeterministicRandom(), 2))) {
            ed.addTree(root, "");
            ed.commit();
        }

        List<VaultEditor.Source> sorted = new ArrayList<>();
        for (SourceTree.File f : SourceTree.scan(root, ProgressListener.NONE).files()) {
            sorted.add(new VaultEditor.Source(f.path(), f.relativePath()));
        }
        Path listed = dir.resolve("listed.av3");
        try (VaultEditor ed = VaultEditor.create(listed, PW, GoldenReproductionTest.deterministic(new DeterministicRandom(), 2))) {
            ed.mkdir("empty/inner");
            ed.addFiles(sorted);
            ed.commit();
        }
        GoldenReproductionTest.assertSameBytes(Files.readAllBytes(listed), Files.readAllBytes(walked));
    }

    @Test
    void anEditThatFailsMidWalkLeavesTheVaultAsItWasAndStopsTheWalk() throws Exception {
        Path vault = dir.resolve("v.av3");
        Path one = Files.writeString(dir.resolve("one.txt"), "a file where the tree has a directory");
        try (VaultEditor ed = VaultEditor.create(vault, PW, GoldenReproductionTest.deterministic(new DeterministicRandom(), 2))) {
            ed.addFile(one, "t/d");
            ed.commit();
        }
        byte[] before = Files.readAllBytes(vault);
        Path root = dir.resolve("t");
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/inner.txt"), "x");
        for (int i = 0; i < 2_000; i++) {
            Files.createDirectories(root.resolve("e" + i));
            Files.writeString(root.resolve("e" + i + "/f"), "x");
        }
        try (VaultEditor ed = VaultEditor.open(vault, PW, GoldenReproductionTest.deterministic(new DeterministicRandom(), 2))) {
            VaultException e = assertThrows(VaultException.class, () -> ed.addTree(root, "t"));
            assertEquals(Failure.CONFLICT, e.failure(), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(vault));
        ThreadsEnded.await("vaultfs-walk");
    }

    @Test
    void aSourceThatIsNoDirectoryFailsOnTheCallersThread() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        VaultException e = assertThrows(VaultException.class,
                () -> BackgroundSourceWalk.start(file, SourceFilter.NONE, false));
        assertEquals(Failure.NOT_FOUND, e.failure());
    }

    @Test
    void findsComeInOrderThenTheWholeWalk() throws Exception {
        Path root = dir.resolve("src");
        SourceTreeTest.makeTreeOfOrderTraps(root);
        List<String> files = new ArrayList<>();
        SourceTree tree;
        try (BackgroundSourceWalk w = BackgroundSourceWalk.start(root, SourceFilter.NONE, false)) {
            for (Object find; (find = w.next()) != null; ) {
                if (find instanceof SourceTree.File f) {
                    files.add(f.relativePath());
                }
            }
            assertEquals(null, w.next(), "a walk that is over stays over");
            tree = w.tree();
        }
        assertEquals(tree.files().stream().map(SourceTree.File::relativePath).toList(), files);
    }

    @Test
    void aCallerThatStopsEarlyStopsTheWalk() throws Exception {
        Path root = dir.resolve("src");
        for (int d = 0; d < 200; d++) {
            Files.createDirectories(root.resolve("d" + d));
            Files.writeString(root.resolve("d" + d + "/f"), "x");
        }
        BackgroundSourceWalk w = BackgroundSourceWalk.start(root, SourceFilter.NONE, false);
        Object first = w.next();
        w.close();
        assertEquals("d0", ((SourceTree.Dir) first).relativePath());
        assertThrows(IllegalStateException.class, w::tree, "a walk left early has no whole tree to give");
        ThreadsEnded.await("vaultfs-walk");
    }
}

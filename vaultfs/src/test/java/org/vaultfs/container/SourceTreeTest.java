package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vaultfs.metadata.NodeCapture;
import org.vaultfs.metadata.NodeStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
    @TempDir
    Path dir;

    private static List<String> files(SourceTree t) {
        return t.files().stream().map(SourceTree.File::relativePath).toList();
    }

    private static List<String> dirs(SourceTree t) {
        return t.dirs().stream().map(SourceTree.Dir::relativePath).toList();
    }

    @Test
    void relativePathsDoNotDependOnHowTheRootIsSpelled() throws Exception {
        Path root = dir.resolve("src");
        Files.createDirectories(root.resolve("a/b"));
        Files.createDirectories(root.resolve("a b/é"));
        Files.writeString(root.resolve("top.txt"), "x");
        Files.writeString(root.resolve("a/b/deep.txt"), "x");
        Files.writeString(root.resolve("a b/é/ü.txt"), "x");
        List<String> expectedFiles = List.of("a b/é/ü.txt", "a/b/deep.txt", "top.txt");
        List<String> expectedDirs = List.of("a", "a b", "a b/é", "a/b");
        Path cwd = Path.of("").toAbsolutePath();
        for (Path spelled : List.of(root, dir.resolve("./src"), dir.resolve("src/."), dir.resolve("src/../src"),
                cwd.relativize(root), dir.resolve("src/a/.."))) {
            SourceTree t = SourceTree.scan(spelled, ProgressListener.NONE);
            assertEquals(expectedFiles, files(t), spelled.toString());
            assertEquals(expectedDirs, dirs(t), spelled.toString());
        }
    }

    /** Everything a walk reports or keeps, in a form two walks can be compared by. */
    private static List<String> outcome(Path root, SourceFilter filter, boolean keepSpecials, boolean inC) {
        List<String> out = new ArrayList<>();
        ProgressListener report = new ProgressListener() {
            @Override
            public void advanced(long bytes) {
            }

            @Override
            public void skipped(Path path, SkipKind kind, String reason) {
                out.add("skipped " + path + " " + kind + " " + reason);
            }
        };
        SourceTree t = SourceTree.scan(root, report, filter, keepSpecials, inC);
        out.sort(null); // the order of the reports follows the directories' order
        t.dirs().forEach(d -> out.add("dir " + d.relativePath() + " " + d.mtime()));
        t.files().forEach(f -> out.add("file " + f.relativePath() + " " + f.path()));
        t.specials().forEach(f -> out.add("special " + f.relativePath() + " " + f.path()));
        out.add("skipped " + t.skipped());
        return out;
    }

    @Test
    void theWalkInCKeepsAndLeavesOutWhatTheJdksWalkDoes() throws Exception {
        assumeTrue(NativeDirectoryScan.available(), "the C library is not loaded here");
        Path root = dir.resolve("src");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.createDirectories(root.resolve("cache/inner"));
        Files.createDirectories(root.resolve("skip-me/x"));
        Files.createDirectories(root.resolve("bad\\dir/y"));
        Files.writeString(root.resolve("cache/CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55");
        Files.writeString(root.resolve("cache/inner/f"), "x");
        Files.writeString(root.resolve("a/b/c/deep.txt"), "x");
        Files.writeString(root.resolve("a/keep.log"), "x");
        Files.writeString(root.resolve("a/drop.tmp"), "x");
        Files.writeString(root.resolve(" lead"), "x");
        Files.writeString(root.resolve("bad\\dir/y/z"), "x");
        Files.createSymbolicLink(root.resolve("a/link"), Path.of("b"));
        new ProcessBuilder("mkfifo", root.resolve("a/fifo").toString()).start().waitFor();
        SourceFilter filter = SourceFilter.of(List.of("*.tmp", "skip-me"), List.of("CACHEDIR.TAG"), false);
        for (SourceFilter f : List.of(SourceFilter.NONE, filter)) {
            for (boolean keepSpecials : new boolean[] {false, true}) {
                List<String> inC = outcome(root, f, keepSpecials, true);
                assertEquals(outcome(root, f, keepSpecials, false), inC);
                assertTrue(inC.stream().anyMatch(l -> l.startsWith("file a/b/c/deep.txt")), inC.toString());
            }
        }
    }

    @Test
    void theWalkInCKeepsEachEntrysStatForTheEdit() throws Exception {
        assumeTrue(NativeDirectoryScan.available(), "the C library is not loaded here");
        Path root = dir.resolve("src");
        Files.createDirectories(root.resolve("d/e"));
        Files.writeString(root.resolve("d/e/f.txt"), "twelve bytes");
        Files.createSymbolicLink(root.resolve("d/link"), Path.of("e"));
        SourceTree t = SourceTree.scan(root, ProgressListener.NONE, SourceFilter.NONE, true, true);
        List<SourceTree.File> all = new ArrayList<>(t.files());
        all.addAll(t.specials());
        assertEquals(2, all.size());
        for (SourceTree.File f : all) {
            NodeStat s = f.stat();
            assertNotNull(s, f.relativePath());
            assertEquals(NodeCapture.stat(f.path()), new NodeStat(s.mode(), s.uid(), s.gid(), s.ino(), s.dev(), s.rdev(), s.nlink(),
                    s.size(), s.mtimeSeconds(), s.mtimeNanos(), NodeStat.XATTRS_UNKNOWN), f.relativePath());
        }
        for (SourceTree.Dir d : t.dirs()) {
            assertNotNull(d.stat(), d.relativePath());
            assertEquals(NodeCapture.stat(root.resolve(d.relativePath())).ino(), d.stat().ino());
        }
        SourceTree jdk = SourceTree.scan(root, ProgressListener.NONE, SourceFilter.NONE, true, false);
        assertNull(jdk.files().get(0).stat(), "the JDK's walk keeps no stat: the edit makes its own");
    }

    /**
     * A tree whose names sort differently as vault paths than as a directory's names: '.', '-'
     * and '0' around '/', a name that begins another, and characters above U+FFFF, which
     * UTF-16 puts before U+E000 and UTF-8 after it.
     */
    static void makeTreeOfOrderTraps(Path root) throws Exception {
        for (String f : List.of("a.txt", "a-b/c", "a/x", "a/b/c.bin", "a/b.txt", "a0", "ab/z", "b", "\uE000/k",
                "\uD83D\uDE00/k", "\uD83D\uDE00.txt", "z/\uE000", "z/\uD83D\uDE00", "z/y/x/w")) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        Files.createDirectories(root.resolve("empty/inner"));
    }

    @Test
    void theWalkTellsOfEachFindInVaultPathOrder() throws Exception {
        Path root = dir.resolve("src");
        makeTreeOfOrderTraps(root);
        for (boolean inC : new boolean[] {true, false}) {
            List<String> found = new ArrayList<>();
            SourceTree.Found listener = new SourceTree.Found() {
                @Override
                public void dir(SourceTree.Dir d) {
                    found.add(d.relativePath() + "/");
                }

                @Override
                public void file(SourceTree.File f) {
                    found.add(f.relativePath());
                }
            };
            SourceTree t = SourceTree.scan(root, ProgressListener.NONE, SourceFilter.NONE, false, inC, listener);
            List<String> foundFiles = found.stream().filter(f -> !f.endsWith("/")).toList();
            assertEquals(files(t), foundFiles, "files handed on as found must already be in the sorted order (inC " + inC + ")");
            List<String> sorted = new ArrayList<>(foundFiles);
            sorted.sort(PathOrder::compare);
            assertEquals(sorted, foundFiles);
            assertEquals(14, foundFiles.size());
            for (int i = 0; i < found.size(); i++) {
                String f = found.get(i);
                String parent = f.endsWith("/") ? f.substring(0, f.length() - 1) : f;
                int slash = parent.lastIndexOf('/');
                if (slash > 0) {
                    assertTrue(found.subList(0, i).contains(parent.substring(0, slash + 1)), f + " came before its directory: " + found);
                }
            }
            assertEquals(dirs(t).size(), found.size() - foundFiles.size());
        }
    }

    @Test
    void onlyTheVaultsOwnFilesAreItsOwn() throws Exception {
        Path root = dir.resolve("src");
        Files.createDirectories(root.resolve("sub"));
        Path target = root.resolve("v.av3").toAbsolutePath();
        for (String name : List.of("v.av3", "v.av3.aerocorrect", ".v.av3.tmp-123", ".v.av3.lock", "v.av3x", "xv.av3", ".v.av3",
                "v.av3.aerocorrectx", "v.av4.aerocorrect", "sub/v.av3")) {
            Files.writeString(root.resolve(name), "x");
        }
        SourceTree t = SourceTree.scan(root, ProgressListener.NONE);
        List<String> own = new ArrayList<>();
        for (SourceTree.File f : t.files()) {
            if (f.isOwnFileOf(target)) {
                own.add(f.relativePath());
            }
            assertEquals(SourceTree.isOwnFile(f.path(), target), f.isOwnFileOf(target), f.relativePath());
        }
        assertEquals(List.of(".v.av3.lock", ".v.av3.tmp-123", "v.av3", "v.av3.aerocorrect"), own);
        assertFalse(t.files().isEmpty());
    }
}

package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}

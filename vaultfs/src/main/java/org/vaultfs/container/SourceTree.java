package org.vaultfs.container;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * A source directory listed for sealing: its directories and regular files, sorted by
 * vault path. Symlinks and special files are not followed or stored (the format has no
 * type for them); they are counted so the CLI can say what was skipped.
 */
final class SourceTree {
    record Dir(String relativePath, FileTime mtime) {
    }

    /** A regular file and its vault-relative path, computed once (sorting compares it often). */
    record File(Path path, String relativePath) {
    }

    private final Path root;
    private final List<Dir> dirs = new ArrayList<>();
    private final List<File> files = new ArrayList<>();
    private int skipped;

    private SourceTree(Path root) {
        this.root = root;
    }

    static SourceTree scan(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.NOT_FOUND, "not a directory: " + root);
        }
        SourceTree t = new SourceTree(root);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root)) {
                        t.dirs.add(new Dir(t.relative(dir), attrs.lastModifiedTime()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        t.files.add(new File(file, t.relative(file)));
                    } else {
                        t.skipped++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (IOException e) {
            throw VaultException.io("cannot list " + root, e);
        }
        t.dirs.sort((a, b) -> PathOrder.compare(a.relativePath(), b.relativePath()));
        t.files.sort((a, b) -> PathOrder.compare(a.relativePath(), b.relativePath()));
        return t;
    }

    String relative(Path p) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(p)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part.toString());
        }
        return sb.toString();
    }

    List<Dir> dirs() {
        return dirs;
    }

    List<File> files() {
        return files;
    }

    /** Symlinks and special files left out: the format cannot represent them. */
    public int skipped() {
        return skipped;
    }
}

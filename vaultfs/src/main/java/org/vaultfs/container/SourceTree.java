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
public final class SourceTree {
    public record Dir(String relativePath, FileTime mtime) {
    }

    /** A regular file and its vault-relative path, computed once (sorting compares it often). */
    public record File(Path path, String relativePath) {
    }

    private final Path root;
    /** The root's string with one trailing '/': what every walked path starts with. */
    private final String rootPrefix;
    private final List<Dir> dirs = new ArrayList<>();
    private final List<File> files = new ArrayList<>();
    private final List<File> specials = new ArrayList<>();
    private int skipped;

    private SourceTree(Path root) {
        this.root = root;
        String r = root.toString();
        this.rootPrefix = r.endsWith("/") ? r : r + "/";
    }

    /** What a walk of {@code root} would store: for --dry-run, nothing read but names and sizes. */
    public record Plan(long files, long bytes, long directories) {
    }

    /**
     * Walks {@code root} as a seal or add would (same filter, same reports of entries left out)
     * and totals what would be stored, before dedup and compression.
     */
    public static Plan plan(Path root, ProgressListener report, SourceFilter filter) {
        SourceTree t = scan(root, report, filter);
        long bytes = 0;
        for (File f : t.files) {
            try {
                bytes += Files.size(f.path());
            } catch (IOException e) {
                report.skipped(f.path(), SkipKind.UNREADABLE, describe(e));
            }
        }
        return new Plan(t.files.size(), bytes, t.dirs.size());
    }

    static SourceTree scan(Path root, ProgressListener report) {
        return scan(root, report, SourceFilter.NONE);
    }

    public static SourceTree scan(Path root, ProgressListener report, SourceFilter filter) {
        return scan(root, report, filter, false);
    }

    /**
     * {@code keepSpecials}: symlinks and other non-regular files are listed in {@link #specials()}
     * (for the metadata extension) instead of being reported as skipped.
     */
    public static SourceTree scan(Path root, ProgressListener report, SourceFilter filter, boolean keepSpecials) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.NOT_FOUND, "not a directory: " + root);
        }
        SourceTree t = new SourceTree(root);
        Object rootFileSystem = filter.fileSystemOf(root);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = t.relative(dir);
                    if (!filter.isEmpty() && (filter.excludes(dir, rel) || filter.hasMarker(dir))
                            || rootFileSystem != null && !rootFileSystem.equals(filter.fileSystemOf(dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    String bad = unstorable(rel);
                    if (bad != null) {
                        report.skipped(dir, SkipKind.UNSTORABLE_NAME, bad + " (and everything below it)");
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    t.dirs.add(new Dir(rel, attrs.lastModifiedTime()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!filter.isEmpty() && filter.excludes(file, t.relative(file))) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile() && keepSpecials) {
                        String rel = t.relative(file);
                        String bad = unstorable(rel);
                        if (bad != null) {
                            report.skipped(file, SkipKind.UNSTORABLE_NAME, bad);
                        } else {
                            t.specials.add(new File(file, rel));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attrs.isRegularFile()) {
                        t.skipped++;
                        report.skipped(file, SkipKind.SPECIAL_FILE, attrs.isSymbolicLink() ? "symbolic link" : "special file");
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = t.relative(file);
                    String bad = unstorable(rel);
                    if (bad != null) {
                        report.skipped(file, SkipKind.UNSTORABLE_NAME, bad);
                    } else {
                        t.files.add(new File(file, rel));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (file.equals(root)) {
                        throw e;
                    }
                    report.skipped(file, SkipKind.UNREADABLE, describe(e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw VaultException.io("cannot list " + root, e);
        }
        t.dirs.sort((a, b) -> PathOrder.compare(a.relativePath(), b.relativePath()));
        t.files.sort((a, b) -> PathOrder.compare(a.relativePath(), b.relativePath()));
        return t;
    }

    /**
     * Whether {@code p} is one of the files of the vault {@code target} (an absolute path) being
     * written: the vault itself, its lock, temp files or sidecar, met when the source directory
     * holds the vault (seal DIR -o DIR/v, add v .). Never stored, as tar skips its own archive.
     */
    public static boolean isOwnFile(Path p, Path target) {
        String name = p.getFileName().toString();
        String vault = target.getFileName().toString();
        boolean ownName = name.equals(vault) || name.equals(vault + ".aerocorrect")
                || name.startsWith("." + vault + ".");
        if (!ownName) {
            return false;
        }
        try {
            return p.toAbsolutePath().getParent().toRealPath().equals(target.getParent());
        } catch (IOException e) {
            return false;
        }
    }

    /** Why {@code relativePath} cannot be a vault path, or null. */
    private static String unstorable(String relativePath) {
        if (relativePath.indexOf('\uFFFD') >= 0) {
            return "name is not valid UTF-8";
        }
        try {
            VaultPaths.requireCanonical(relativePath);
            return null;
        } catch (VaultException e) {
            String m = e.getMessage();
            int open = m.lastIndexOf('(');
            return "name cannot be stored" + (open >= 0 ? " " + m.substring(open) : "");
        }
    }

    /** A few words for why an entry could not be read, as users know them from ls and cp. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "vanished while being read";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return "filesystem loop";
        }
        String m = e.getMessage();
        int colon = m == null ? -1 : m.lastIndexOf(": ");
        return m == null ? e.getClass().getSimpleName() : colon >= 0 ? m.substring(colon + 2) : m;
    }

    /**
     * {@code p}'s path below the root, '/'-separated. The walk's paths are the root's string, a
     * separator and the rest, so that rest is cut out of the string the path already holds:
     * relativizing and joining the components made a path object per component, a fifth of
     * the walk's time in a cold seal of 47,000 files (perf).
     */
    String relative(Path p) {
        String s = p.toString();
        int from = rootPrefix.length();
        if (s.length() > from && s.startsWith(rootPrefix)) {
            return s.substring(from);
        }
        return relativeByComponents(p);
    }

    private String relativeByComponents(Path p) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(p)) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part.toString());
        }
        return sb.toString();
    }

    public List<Dir> dirs() {
        return dirs;
    }

    /** Symlinks, FIFOs, devices and sockets, when the scan kept them. */
    public List<File> specials() {
        return specials;
    }

    public List<File> files() {
        return files;
    }

    /** Symlinks and special files left out: the format cannot represent them. */
    public int skipped() {
        return skipped;
    }
}

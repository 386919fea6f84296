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
import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeStat;

/**
 * A source directory listed for sealing: its directories and regular files, sorted by
 * vault path. Symlinks and special files are not followed or stored (the format has no
 * type for them); they are counted so the CLI can say what was skipped.
 */
public final class SourceTree {
    /** A directory; {@code stat} is the walk's lstat of it, or null when the walk had none to keep. */
    public record Dir(String relativePath, FileTime mtime, NodeStat stat) {
    }

    /**
     * A file and its vault-relative path, computed once (sorting compares it often); {@code stat}
     * is the walk's lstat of it, or null when the walk had none to keep.
     */
    public record File(Path path, String relativePath, NodeStat stat) {
        /** Whether this is one of the files of the vault {@code target} being written ({@link #isOwnFile}). */
        public boolean isOwnFileOf(Path target) {
            String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
            String vault = target.getFileName().toString();
            boolean ownName = name.equals(vault) || name.length() == vault.length() + 12 && name.startsWith(vault) && name.endsWith(".aerocorrect")
                    || name.length() > vault.length() + 1 && name.charAt(0) == '.' && name.startsWith(vault, 1) && name.charAt(vault.length() + 1) == '.';
            // Most names differ: only a lookalike costs the parent's real path.
            return ownName && isOwnFile(path, target);
        }
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
        return scan(root, report, filter, keepSpecials, NativeDirectoryScan.available());
    }

    /** {@code inC}: directories read by {@link NativeDirectoryScan} (where available), else only the JDK's way. */
    static SourceTree scan(Path root, ProgressListener report, SourceFilter filter, boolean keepSpecials, boolean inC) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.NOT_FOUND, "not a directory: " + root);
        }
        SourceTree t = new SourceTree(root);
        Walk walk = new Walk(t, root, report, filter, keepSpecials);
        try {
            // The extended attributes' listing sizes are asked when the walk keeps specials, that is
            // when the edit records metadata.
            NativeDirectoryScan scan = inC && NativeDirectoryScan.available() ? new NativeDirectoryScan(keepSpecials) : null;
            List<NativeDirectoryScan.Entry> top = scan == null ? null : scan.list(root.toString());
            if (top != null) {
                walk.nativeWalk(root, "", top, scan);
            } else {
                Files.walkFileTree(root, walk);
            }
        } catch (IOException e) {
            throw VaultException.io("cannot list " + root, e);
        }
        t.dirs.sort((a, b) -> PathOrder.compare(a.relativePath(), b.relativePath()));
        t.files.sort((a, b) -> PathOrder.compare(a.relativePath(), b.relativePath()));
        return t;
    }

    /**
     * What a walk keeps and leaves out, the same whichever way the directories are read: in C,
     * with each entry's lstat kept for the edit ({@link NativeDirectoryScan}), or the JDK's way,
     * which also takes over any directory or entry the C code could not read, so a failure is
     * reported in the JDK's words.
     */
    private static final class Walk extends SimpleFileVisitor<Path> {
        private final SourceTree t;
        private final Path root;
        private final ProgressListener report;
        private final SourceFilter filter;
        private final boolean keepSpecials;
        private final Object rootFileSystem;

        Walk(SourceTree t, Path root, ProgressListener report, SourceFilter filter, boolean keepSpecials) {
            this.t = t;
            this.root = root;
            this.report = report;
            this.filter = filter;
            this.keepSpecials = keepSpecials;
            this.rootFileSystem = filter.fileSystemOf(root);
        }

        /** Goes on below {@code dir}, whose {@code entries} the C code has read. */
        void nativeWalk(Path dir, String rel, List<NativeDirectoryScan.Entry> entries, NativeDirectoryScan scan) throws IOException {
            for (NativeDirectoryScan.Entry e : entries) {
                Path p = dir.resolve(e.name());
                String r = rel.isEmpty() ? e.name() : rel + "/" + e.name();
                NodeStat st = e.stat();
                if (st == null) {
                    walkJdk(p);
                } else if (st.isDirectory()) {
                    if (admits(p, r)) {
                        List<NativeDirectoryScan.Entry> below = scan.list(p.toString());
                        if (below == null) {
                            walkJdk(p);
                        } else {
                            t.dirs.add(new Dir(r, st.modified(), st));
                            nativeWalk(p, r, below, scan);
                        }
                    }
                } else {
                    file(p, r, st.isRegularFile(), st.kind() == NodeKind.SYMLINK, st);
                }
            }
        }

        /** {@code p} and what is below it read the JDK's way; its failures reported as the JDK words them. */
        private void walkJdk(Path p) throws IOException {
            Files.walkFileTree(p, this);
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
            }
            String rel = t.relative(dir);
            if (!admits(dir, rel)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            t.dirs.add(new Dir(rel, attrs.lastModifiedTime(), null));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            file(file, t.relative(file), attrs.isRegularFile(), attrs.isSymbolicLink(), null);
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

        /** Whether the walk goes into {@code dir}: not filtered out, and a name a vault can hold (else reported). */
        private boolean admits(Path dir, String rel) {
            if (!filter.isEmpty() && (filter.excludes(dir, rel) || filter.hasMarker(dir))
                    || rootFileSystem != null && !rootFileSystem.equals(filter.fileSystemOf(dir))) {
                return false;
            }
            String bad = unstorable(rel);
            if (bad != null) {
                report.skipped(dir, SkipKind.UNSTORABLE_NAME, bad + " (and everything below it)");
                return false;
            }
            return true;
        }

        private void file(Path file, String rel, boolean regular, boolean symlink, NodeStat stat) {
            if (!filter.isEmpty() && filter.excludes(file, rel)) {
                return;
            }
            if (!regular && !keepSpecials) {
                t.skipped++;
                report.skipped(file, SkipKind.SPECIAL_FILE, symlink ? "symbolic link" : "special file");
                return;
            }
            String bad = unstorable(rel);
            if (bad != null) {
                report.skipped(file, SkipKind.UNSTORABLE_NAME, bad);
            } else {
                (regular ? t.files : t.specials).add(new File(file, rel, stat));
            }
        }
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

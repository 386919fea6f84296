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
 *
 * <p>The walk goes through each directory in vault-path order (a directory's name compared as
 * if it ended in '/', as every path below it does), so its files are found already sorted and
 * can be handed on before the walk ends ({@link Found}).
 */
public final class SourceTree {
    /**
     * Told of each directory and regular file as the walk finds it: files in vault-path order,
     * a directory before anything below it. A directory the C code could not read is walked
     * the JDK's way, whose finds are sorted before they are passed on.
     */
    interface Found {
        Found NONE = new Found() {
            @Override
            public void dir(Dir d) {
            }

            @Override
            public void file(File f) {
            }
        };

        void dir(Dir d);

        void file(File f);
    }

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
        return scan(root, report, filter, keepSpecials, inC, Found.NONE);
    }

    static void requireDirectory(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.NOT_FOUND, "not a directory: " + root);
        }
    }

    /** As {@link #scan(Path, ProgressListener, SourceFilter, boolean, boolean)}, telling {@code found} of each find. */
    static SourceTree scan(Path root, ProgressListener report, SourceFilter filter, boolean keepSpecials, boolean inC, Found found) {
        requireDirectory(root);
        SourceTree t = new SourceTree(root);
        Walk walk = new Walk(t, root, report, filter, keepSpecials, found);
        try {
            // The extended attributes' listing sizes are asked when the walk keeps specials, that is
            // when the edit records metadata.
            NativeDirectoryScan scan = inC && NativeDirectoryScan.available() ? new NativeDirectoryScan(keepSpecials) : null;
            List<NativeDirectoryScan.Entry> top = scan == null ? null : scan.list(root.toString());
            if (top != null) {
                walk.nativeWalk(root, "", top, scan);
            } else {
                walk.walkJdk(root);
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
        private final Found found;
        /** While the JDK walks: its finds, in the order it made them. */
        private List<Object> held;

        Walk(SourceTree t, Path root, ProgressListener report, SourceFilter filter, boolean keepSpecials, Found found) {
            this.t = t;
            this.root = root;
            this.report = report;
            this.filter = filter;
            this.keepSpecials = keepSpecials;
            this.rootFileSystem = filter.fileSystemOf(root);
            this.found = found;
        }

        /** Goes on below {@code dir}, whose {@code entries} the C code has read. */
        void nativeWalk(Path dir, String rel, List<NativeDirectoryScan.Entry> entries, NativeDirectoryScan scan) throws IOException {
            for (NativeDirectoryScan.Entry e : inPathOrder(dir, entries)) {
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
                            addDir(new Dir(r, st.modified(), st));
                            nativeWalk(p, r, below, scan);
                        }
                    }
                } else {
                    file(p, r, st.isRegularFile(), st.kind() == NodeKind.SYMLINK, st);
                }
            }
        }

        /**
         * {@code entries} in the order of the vault paths they lead to: a directory's name
         * compared as if it ended in '/' ("a.txt" before the directory "a", whose paths are "a/...").
         */
        private static List<NativeDirectoryScan.Entry> inPathOrder(Path dir, List<NativeDirectoryScan.Entry> entries) {
            if (entries.size() < 2) {
                return entries;
            }
            record Keyed(String key, NativeDirectoryScan.Entry entry) {
            }
            List<Keyed> keyed = new ArrayList<>(entries.size());
            for (NativeDirectoryScan.Entry e : entries) {
                boolean isDir = e.stat() != null ? e.stat().isDirectory()
                        : Files.isDirectory(dir.resolve(e.name()), LinkOption.NOFOLLOW_LINKS);
                keyed.add(new Keyed(isDir ? e.name() + "/" : e.name(), e));
            }
            keyed.sort((a, b) -> PathOrder.compare(a.key(), b.key()));
            List<NativeDirectoryScan.Entry> out = new ArrayList<>(keyed.size());
            for (Keyed k : keyed) {
                out.add(k.entry());
            }
            return out;
        }

        /**
         * {@code p} and what is below it read the JDK's way; its failures reported as the JDK
         * words them. Its finds are passed on sorted once it is done: the JDK lists a directory
         * in the order the filesystem keeps it.
         */
        void walkJdk(Path p) throws IOException {
            held = new ArrayList<>();
            Files.walkFileTree(p, this);
            List<Object> finds = held;
            held = null;
            finds.sort((a, b) -> PathOrder.compare(relativePathOf(a), relativePathOf(b)));
            for (Object o : finds) {
                pass(o);
            }
        }

        private static String relativePathOf(Object find) {
            return find instanceof Dir d ? d.relativePath() : ((File) find).relativePath();
        }

        private void addDir(Dir d) {
            t.dirs.add(d);
            pass(d);
        }

        private void pass(Object find) {
            if (held != null) {
                held.add(find);
            } else if (find instanceof Dir d) {
                found.dir(d);
            } else {
                found.file((File) find);
            }
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
            addDir(new Dir(rel, attrs.lastModifiedTime(), null));
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
            } else if (regular) {
                File f = new File(file, rel, stat);
                t.files.add(f);
                pass(f);
            } else {
                t.specials.add(new File(file, rel, stat));
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

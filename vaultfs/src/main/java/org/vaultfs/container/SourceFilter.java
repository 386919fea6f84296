package org.vaultfs.container;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * What a tree walk leaves out, as restic's and tar's options say it: glob patterns (a pattern
 * without '/' matches a name at any depth, one with '/' the path below the source root, one
 * starting with '/' the absolute path), directories holding a marker file, and other
 * filesystems. Excluded entries are not reported: the user asked for it.
 */
public final class SourceFilter {
    public static final SourceFilter NONE = new SourceFilter(List.of(), List.of(), List.of(), List.of(), false);

    private final List<PathMatcher> names;
    private final List<PathMatcher> relative;
    private final List<PathMatcher> absolute;
    private final List<String> markers;
    private final boolean oneFileSystem;

    private SourceFilter(List<PathMatcher> names, List<PathMatcher> relative, List<PathMatcher> absolute, List<String> markers,
                         boolean oneFileSystem) {
        this.names = names;
        this.relative = relative;
        this.absolute = absolute;
        this.markers = markers;
        this.oneFileSystem = oneFileSystem;
    }

    public static SourceFilter of(List<String> patterns, List<String> markers, boolean oneFileSystem) {
        List<PathMatcher> n = new ArrayList<>();
        List<PathMatcher> r = new ArrayList<>();
        List<PathMatcher> a = new ArrayList<>();
        for (String p : patterns) {
            String pattern = p.endsWith("/") && p.length() > 1 ? p.substring(0, p.length() - 1) : p;
            PathMatcher m;
            try {
                m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (IllegalArgumentException e) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "invalid --exclude pattern " + p + ": " + e.getMessage());
            }
            (pattern.startsWith("/") ? a : pattern.contains("/") ? r : n).add(m);
        }
        for (String marker : markers) {
            if (marker.isEmpty() || marker.contains("/")) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "--exclude-if-present takes a file name, not " + marker);
            }
        }
        return new SourceFilter(List.copyOf(n), List.copyOf(r), List.copyOf(a), List.copyOf(markers), oneFileSystem);
    }

    /** Patterns from a file, one per line; blank lines and lines starting with '#' are ignored. */
    public static List<String> readPatterns(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "exclude file not found: " + file);
        } catch (IOException e) {
            throw VaultException.io("cannot read exclude file " + file, e);
        }
    }

    boolean isEmpty() {
        return this == NONE || names.isEmpty() && relative.isEmpty() && absolute.isEmpty() && markers.isEmpty() && !oneFileSystem;
    }

    /** Whether {@code path} ({@code relativePath} below the source root) matches a pattern. */
    boolean excludes(Path path, String relativePath) {
        Path name = path.getFileName();
        for (PathMatcher m : names) {
            if (name != null && m.matches(name)) {
                return true;
            }
        }
        if (!relative.isEmpty()) {
            Path rel = Path.of(relativePath);
            for (PathMatcher m : relative) {
                if (m.matches(rel)) {
                    return true;
                }
            }
        }
        if (!absolute.isEmpty()) {
            Path abs = path.toAbsolutePath().normalize();
            for (PathMatcher m : absolute) {
                if (m.matches(abs)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether directory {@code dir} holds one of the marker files (restic's and tar's exclude-if-present). */
    boolean hasMarker(Path dir) {
        for (String m : markers) {
            if (Files.exists(dir.resolve(m), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    /** The filesystem a directory is on, for --one-file-system; null when it is not asked for or unknown. */
    Object fileSystemOf(Path dir) {
        if (!oneFileSystem) {
            return null;
        }
        try {
            return Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}

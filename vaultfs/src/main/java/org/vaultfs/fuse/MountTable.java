package org.vaultfs.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads /proc/self/mounts to tell whether a directory is a mount point. */
public final class MountTable {
    private static final Path MOUNTS = Path.of("/proc/self/mounts");

    private MountTable() {
    }

    public static boolean isMounted(Path mountPoint) {
        String wanted = canonical(mountPoint);
        for (String line : lines()) {
            String[] f = line.split(" ");
            if (f.length >= 3 && unescape(f[1]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The filesystem type of the mount at this directory ("fuse.vaultfs"), or null. */
    public static String typeAt(Path mountPoint) {
        String wanted = canonical(mountPoint);
        String type = null;
        for (String line : lines()) {
            String[] f = line.split(" ");
            if (f.length >= 3 && unescape(f[1]).equals(wanted)) {
                type = f[2]; // the last one listed is the one on top
            }
        }
        return type;
    }

    /**
     * Resolves symlinks in the parent only: the mount point itself may be a dead FUSE mount
     * (ENOTCONN) that cannot be resolved, and the kernel lists mount points by real path.
     */
    static String canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            return abs.toString();
        }
        try {
            return parent.toRealPath().resolve(abs.getFileName()).toString();
        } catch (IOException e) {
            return abs.toString();
        }
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(MOUNTS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The kernel writes space, tab, newline and backslash in mount paths as octal escapes. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() + 0 && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}

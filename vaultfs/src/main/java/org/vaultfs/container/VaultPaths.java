package org.vaultfs.container;

import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Canonical vault paths (SPEC.md §7.4): '/'-separated, relative, no empty, "." or ".."
 * segments, no backslash, NUL or drive prefix. Anything else could escape an extraction
 * directory or alias another entry, so readers refuse it.
 */
public final class VaultPaths {
    private VaultPaths() {
    }

    /** Throws PATH_ESCAPE unless {@code path} is already canonical. */
    public static void requireCanonical(String path) {
        String problem = problem(path);
        if (problem != null) {
            throw new VaultException(Failure.PATH_ESCAPE, "unsafe path in vault: " + printable(path) + " (" + problem + ")");
        }
    }

    /** Trims surrounding slashes from user input and validates the result. */
    public static String normalize(String userPath) {
        String p = userPath;
        while (p.startsWith("./")) {
            p = p.substring(2); // as a shell completes it: ./docs/a.txt is docs/a.txt
        }
        int start = 0;
        int end = p.length();
        while (start < end && p.charAt(start) == '/') {
            start++;
        }
        while (end > start && p.charAt(end - 1) == '/') {
            end--;
        }
        p = p.substring(start, end);
        String problem = problem(p);
        if (problem != null) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "invalid vault path " + printable(userPath) + " (" + problem + ")");
        }
        return p;
    }

    static String problem(String path) {
        if (path.isEmpty()) {
            return "empty";
        }
        if (path.charAt(0) == '/' || path.charAt(0) == '\\') {
            return "absolute";
        }
        if (isUnicodeWhiteSpace(path.charAt(0)) || isUnicodeWhiteSpace(path.charAt(path.length() - 1))) {
            // The reference compares each path with its trimmed form, so such a name cannot exist there.
            return "leading or trailing whitespace";
        }
        if (path.length() > 1 && path.charAt(1) == ':') {
            return "drive prefix";
        }
        if (path.indexOf('\\') >= 0) {
            return "backslash";
        }
        if (path.indexOf('\0') >= 0) {
            return "NUL byte";
        }
        int segStart = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int len = i - segStart;
                if (len == 0) {
                    return "empty segment";
                }
                if (len == 1 && path.charAt(segStart) == '.') {
                    return "'.' segment";
                }
                if (len == 2 && path.charAt(segStart) == '.' && path.charAt(segStart + 1) == '.') {
                    return "'..' segment";
                }
                segStart = i + 1;
            }
        }
        return null;
    }

    /** Unicode White_Space, the set Rust's str::trim removes. */
    static boolean isUnicodeWhiteSpace(char c) {
        return c >= 0x09 && c <= 0x0d || c == 0x20 || c == 0x85 || c == 0xa0 || c == 0x1680
                || c >= 0x2000 && c <= 0x200a || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }

    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    public static String join(String parent, String name) {
        return parent.isEmpty() ? name : parent + "/" + name;
    }

    public static boolean isDescendant(String path, String ancestor) {
        return path.length() > ancestor.length() && path.startsWith(ancestor) && path.charAt(ancestor.length()) == '/';
    }

    /** Escapes control characters so a hostile name cannot forge terminal output. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

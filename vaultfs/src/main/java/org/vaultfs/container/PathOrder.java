package org.vaultfs.container;

/**
 * Compares vault paths by their UTF-8 bytes, the order Rust's String comparison gives.
 * Java's String.compareTo compares UTF-16 units, which differs once surrogate pairs meet
 * characters in U+E000..U+FFFF, so entries would otherwise be ordered differently.
 */
public final class PathOrder {
    private PathOrder() {
    }

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    // A surrogate encodes a code point above U+FFFF: larger in UTF-8 than any BMP char.
                    return sa ? 1 : -1;
                }
                return Character.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}

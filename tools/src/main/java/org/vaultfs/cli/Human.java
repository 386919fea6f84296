package org.vaultfs.cli;

import java.util.Locale;

/** Human-readable numbers for summaries and progress (binary units, as restic and borg print). */
final class Human {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Human() {
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        String fmt = v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s";
        return String.format(Locale.ROOT, fmt, v, UNITS[u]);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String rate(long bytes, long nanos) {
        if (nanos <= 0) {
            return bytes(0) + "/s";
        }
        return bytes((long) (bytes / (nanos / 1e9))) + "/s";
    }

    static String plural(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }

    /** Escapes control characters so a hostile file name cannot forge terminal output. */
    static String path(String p) {
        StringBuilder sb = null;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(p.length() + 8).append(p, 0, i);
                }
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? p : sb.toString();
    }

    /** GNU ls -h style: 1023, 1.0K, 9.9K, 10K, 1.5M; one decimal below 10, rounded up as ls does. */
    static String shortSize(long n) {
        if (n < 1024) {
            return Long.toString(n);
        }
        String units = "KMGTPE";
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length() - 1);
        if (v < 10) {
            double up = Math.ceil(v * 10) / 10;
            if (up < 10) {
                return String.format(java.util.Locale.ROOT, "%.1f%c", up, units.charAt(u));
            }
            v = up;
        }
        return (long) Math.ceil(v) + String.valueOf(units.charAt(u));
    }
}

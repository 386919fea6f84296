package org.vaultfs.container;

import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Writes JSON byte-for-byte as Rust's serde_json compact serializer does: no whitespace,
 * only '"', '\\' and control characters escaped (short forms for \b \t \n \f \r, otherwise
 * \\u00xx in lowercase hex), everything else as raw UTF-8.
 */
final class CompactJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    // UTF-8 straight into one growing array: a StringBuilder, its String and the String's
    // bytes were three copies of a manifest alive at once (about 140 MB for 300,000 files).
    private byte[] buf;
    private int len;

    CompactJson(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void room(int n) {
        if (buf.length - len < n) {
            long grown = Math.max((long) buf.length * 2, (long) len + n);
            if (grown > Integer.MAX_VALUE - 64) {
                throw new VaultException(Failure.BOUNDS, "JSON of more than 2 GiB");
            }
            byte[] bigger = java.util.Arrays.copyOf(buf, (int) grown);
            Wipe.zero(buf);
            buf = bigger;
        }
    }

    private void put(char ascii) {
        room(1);
        buf[len++] = (byte) ascii;
    }

    private void put(String ascii) {
        room(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
    }

    CompactJson raw(char c) {
        put(c);
        return this;
    }

    CompactJson key(String k) {
        string(k);
        put(':');
        return this;
    }

    CompactJson number(long v) {
        put(Long.toString(v));
        return this;
    }

    CompactJson bool(boolean v) {
        put(v ? "true" : "false");
        return this;
    }

    CompactJson string(String s) {
        room(s.length() + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"' -> put("\\\"");
                    case '\\' -> put("\\\\");
                    case '\b' -> put("\\b");
                    case '\f' -> put("\\f");
                    case '\n' -> put("\\n");
                    case '\r' -> put("\\r");
                    case '\t' -> put("\\t");
                    default -> {
                        if (c < 0x20) {
                            room(6);
                            put("\\u00");
                            buf[len++] = HEX[c >> 4];
                            buf[len++] = HEX[c & 0xf];
                        } else {
                            put(c);
                        }
                    }
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                room(4);
                buf[len++] = (byte) (0xf0 | cp >> 18);
                buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "name is not valid Unicode (unpaired surrogate)");
            } else if (c < 0x800) {
                room(2);
                buf[len++] = (byte) (0xc0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            } else {
                room(3);
                buf[len++] = (byte) (0xe0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | c & 0x3f);
            }
        }
        put('"');
        return this;
    }

    /** The JSON written so far, as UTF-8. */
    byte[] toUtf8() {
        return withRoom(0, 0);
    }

    /**
     * The JSON at offset {@code head} of an array with {@code tail} more bytes after it, for a
     * caller that seals it in place; this writer's own buffer is wiped (it held the plaintext).
     */
    byte[] withRoom(int head, int tail) {
        byte[] out = new byte[Math.addExact(Math.addExact(head, len), tail)];
        System.arraycopy(buf, 0, out, head, len);
        Wipe.zero(buf);
        buf = new byte[0];
        len = 0;
        return out;
    }
}

package org.vaultfs.container;

import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Writes JSON byte-for-byte as Rust's serde_json compact serializer does: no whitespace,
 * only '"', '\\' and control characters escaped (short forms for \b \t \n \f \r, otherwise
 * \\u00xx in lowercase hex), everything else as raw UTF-8.
 */
final class CompactJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final StringBuilder sb;

    CompactJson(int capacity) {
        sb = new StringBuilder(capacity);
    }

    CompactJson raw(char c) {
        sb.append(c);
        return this;
    }

    CompactJson key(String k) {
        string(k);
        sb.append(':');
        return this;
    }

    CompactJson number(long v) {
        sb.append(v);
        return this;
    }

    CompactJson bool(boolean v) {
        sb.append(v ? "true" : "false");
        return this;
    }

    CompactJson string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "name is not valid Unicode (unpaired surrogate)");
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        return this;
    }

    byte[] toUtf8() {
        return sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}

package org.vaultfs.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A cursor over JSON text in one canonical form: compact (no whitespace), members in a fixed
 * order, strings without escapes, integers in plain decimal. A reader built on it matches
 * literals such as {@code ,"size":} instead of tokenizing, and gives up at the first byte that
 * form does not allow, so that a general parser can decide the text instead: the fast path
 * accepts a subset of what the general one accepts and never refuses anything itself.
 *
 * <p>Documents are read at every open and mount, before the JIT has compiled much: one small
 * loop per kind of token compiles early, where a general parser's many methods do not.
 */
public final class CanonicalCursor {
    /** Thrown at the first byte outside the canonical form; preallocated, since it only means "fall back". */
    private static final RuntimeException NOT_CANONICAL = new RuntimeException("not canonical", null, false, false) {
    };
    /** The general parsers' string limit is 1 << 20 chars; strings of at most that many bytes are within it. */
    private static final int MAX_STRING_BYTES = 1 << 20;

    private final byte[] json;
    private int pos;
    private CharsetDecoder utf8;

    private CanonicalCursor(byte[] json) {
        this.json = json;
    }

    /** What {@code reader} reads from {@code json}, or null where the text leaves canonical form (or the reader gives up). */
    public static <T> T readOrNull(byte[] json, Function<CanonicalCursor, T> reader) {
        try {
            CanonicalCursor c = new CanonicalCursor(json);
            T out = reader.apply(c);
            if (c.pos != json.length) {
                return null;
            }
            return out;
        } catch (RuntimeException e) {
            if (e != NOT_CANONICAL) {
                throw e;
            }
            return null;
        }
    }

    /** Gives up on the text; the general parser reads it instead. */
    public static RuntimeException notCanonical() {
        return NOT_CANONICAL;
    }

    public static byte[] literal(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /** The offset of the next byte, to compare a later string with one read here ({@link #sameString}). */
    public int position() {
        return pos;
    }

    public boolean at(byte[] literal) {
        int end = pos + literal.length;
        return end <= json.length && Arrays.equals(json, pos, end, literal, 0, literal.length);
    }

    /** Consumes {@code literal} if it comes next. */
    public boolean skip(byte[] literal) {
        if (!at(literal)) {
            return false;
        }
        pos += literal.length;
        return true;
    }

    public void expect(byte[] literal) {
        if (!skip(literal)) {
            throw NOT_CANONICAL;
        }
    }

    public byte peek() {
        if (pos >= json.length) {
            throw NOT_CANONICAL;
        }
        return json[pos];
    }

    public byte next() {
        byte b = peek();
        pos++;
        return b;
    }

    public void take(char c) {
        if (next() != c) {
            throw NOT_CANONICAL;
        }
    }

    private static final byte[] TRUE = literal("true");
    private static final byte[] FALSE = literal("false");

    public boolean bool() {
        if (skip(TRUE)) {
            return true;
        }
        expect(FALSE);
        return false;
    }

    /** The end (exclusive, past the closing quote) of the string whose opening quote is at {@code at}. */
    private int stringEnd(int at) {
        if (at >= json.length || json[at] != '"') {
            throw NOT_CANONICAL;
        }
        int limit = Math.min(json.length, at + 2 + MAX_STRING_BYTES);
        for (int i = at + 1; i < limit; i++) {
            byte b = json[i];
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                throw NOT_CANONICAL;
            }
        }
        throw NOT_CANONICAL;
    }

    /**
     * Whether the string at the cursor has the same bytes as the one read at {@code earlier}
     * (equal bytes up to the earlier one's closing quote make the one here end at the same place).
     */
    public boolean sameString(int earlier) {
        int end = stringEnd(earlier);
        int len = end - earlier;
        return pos + len <= json.length && Arrays.equals(json, earlier, end, json, pos, pos + len);
    }

    public void skipString() {
        pos = stringEnd(pos);
    }

    public String string() {
        int end = stringEnd(pos);
        int from = pos + 1;
        int to = end - 1;
        pos = end;
        for (int i = from; i < to; i++) {
            if (json[i] < 0) {
                return utf8(from, to - from);
            }
        }
        return new String(json, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Strict UTF-8: anything Java's decoder refuses (overlong forms, surrogates) goes to the general parser. */
    private String utf8(int from, int len) {
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(json, from, len)).toString();
        } catch (CharacterCodingException e) {
            throw NOT_CANONICAL;
        }
    }

    /** A plain unsigned decimal no larger than {@code max}: no sign, no leading zero, at most 19 digits. */
    public long number(long max) {
        int start = pos;
        long v = 0;
        while (pos < json.length) {
            int d = json[pos] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (pos - start >= 18 && (pos - start > 18 || v > (Long.MAX_VALUE - d) / 10)) {
                throw NOT_CANONICAL;
            }
            v = v * 10 + d;
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || (digits > 1 && json[start] == '0') || v > max) {
            throw NOT_CANONICAL;
        }
        return v;
    }

    /** A plain decimal, signed, within {@code -limit..limit} ({@code limit} < 2^63; "-0" is not canonical). */
    public long signed(long limit) {
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        long v = number(limit);
        if (negative && v == 0) {
            throw NOT_CANONICAL;
        }
        return negative ? -v : v;
    }
}

package org.vaultfs.container;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a manifest written in the canonical form of SPEC.md §7.6 (serde_json's compact
 * output, which the reference and vaultfs both write) in one pass over the bytes, or gives up
 * with null at the first byte that form does not allow, leaving the manifest to
 * {@link ManifestJsonReader}. A manifest is read at every open and mount, usually before the
 * JIT has compiled anything: Jackson's general parser spent about 0.4 s of a cold mount on
 * 8.6 MB that this loop reads in a fraction of that.
 *
 * <p>It never decides anything Jackson's reader would decide differently: it accepts a
 * subset of the texts that reader accepts (exact member order, no whitespace, no escapes, no
 * number out of its range, no repeated chunk id, strict UTF-8) and builds the same manifest,
 * sharing repeated timestamps and chunk lists the same way. Every refusal, with its failure
 * name and message, stays the general reader's.
 */
final class CanonicalManifestReader {
    /** Jackson's string limit (in chars) is checked by the general reader; this stays below it in bytes. */
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final long U32 = 0xffffffffL;

    private static final byte[] FORMAT = ascii("{\"format\":");
    private static final byte[] CREATED = ascii(",\"created\":");
    private static final byte[] MODIFIED = ascii(",\"modified\":");
    private static final byte[] WRAPPERS = ascii(",\"wrappers\":{\"packing\":");
    private static final byte[][] SLOTS = {
        ascii(",\"chunking\":"), ascii(",\"chunk_id\":"), ascii(",\"compression\":"), ascii(",\"crypt\":"),
        ascii(",\"cipher_hash\":")};
    private static final byte[] ALGORITHM_ID = ascii("{\"algorithm_id\":");
    private static final byte[] ALGORITHM_VERSION = ascii(",\"algorithm_version\":");
    private static final byte[] LEVEL = ascii(",\"level\":");
    private static final byte[] BOUNDS_MIN = ascii(",\"bounds\":{\"min\":");
    private static final byte[] AVG = ascii(",\"avg\":");
    private static final byte[] MAX = ascii(",\"max\":");
    private static final byte[] ENTRIES = ascii("},\"entries\":[");
    private static final byte[] PATH = ascii("{\"path\":");
    private static final byte[] SIZE = ascii(",\"size\":");
    private static final byte[] IS_DIR = ascii(",\"is_dir\":");
    private static final byte[] CHUNKS = ascii(",\"chunks\":[");
    private static final byte[] PACK_OFFSET = ascii(",\"pack_offset\":");
    private static final byte[] CHUNK_MAP = ascii("],\"chunks\":{");
    private static final byte[] ID = ascii(":{\"id\":");
    private static final byte[] BLOCK_INDEX = ascii(",\"block_index\":");
    private static final byte[] DATA_OFFSET = ascii(",\"data_offset\":");
    private static final byte[] BLOCK_LEN = ascii(",\"block_len\":");
    private static final byte[] PLAINTEXT_LEN = ascii(",\"plaintext_len\":");
    private static final byte[] COMPRESSED_LEN = ascii(",\"compressed_len\":");
    private static final byte[] CIPHER_HASH = ascii(",\"cipher_hash\":");
    private static final byte[] STORED_RAW = ascii(",\"stored_raw\":true");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] ERROR_CORRECTION_PCT = ascii(",\"error_correction_pct\":");

    /** Thrown at the first byte outside the canonical form; preallocated, since it only means "fall back". */
    private static final RuntimeException NOT_CANONICAL = new RuntimeException("not canonical", null, false, false) {
    };

    private final byte[] json;
    private int pos;
    private CharsetDecoder utf8;

    private CanonicalManifestReader(byte[] json) {
        this.json = json;
    }

    /** The manifest, or null when {@code json} is not in canonical form (or is refused). */
    static Manifest read(byte[] json) {
        try {
            return new CanonicalManifestReader(json).manifest();
        } catch (RuntimeException e) {
            if (e != NOT_CANONICAL) {
                throw e;
            }
            return null;
        }
    }

    private Manifest manifest() {
        Manifest.Builder m = new Manifest.Builder();
        expect(FORMAT);
        m.format = (int) number(255);
        expect(CREATED);
        m.created = string();
        expect(MODIFIED);
        m.modified = string();
        expect(WRAPPERS);
        AlgorithmSpec[] slots = new AlgorithmSpec[SLOTS.length + 1];
        slots[0] = spec();
        for (int i = 0; i < SLOTS.length; i++) {
            expect(SLOTS[i]);
            slots[i + 1] = spec();
        }
        m.wrappers = new WrapperStack(slots[0], slots[1], slots[2], slots[3], slots[4], slots[5]);
        expect(ENTRIES);
        entries(m.entries);
        expect(CHUNK_MAP);
        chunks(m);
        if (peek() == ',') {
            expect(ERROR_CORRECTION_PCT);
            m.errorCorrectionPct = (int) number(U32);
        }
        take('}');
        if (pos != json.length) {
            throw NOT_CANONICAL;
        }
        return m.build();
    }

    private AlgorithmSpec spec() {
        expect(ALGORITHM_ID);
        String id = string();
        expect(ALGORITHM_VERSION);
        long version = number(U32);
        Integer level = null;
        AlgorithmSpec.Bounds bounds = null;
        if (at(LEVEL)) {
            pos += LEVEL.length;
            level = int32();
        }
        if (at(BOUNDS_MIN)) {
            pos += BOUNDS_MIN.length;
            long min = number(Long.MAX_VALUE);
            expect(AVG);
            long avg = number(Long.MAX_VALUE);
            expect(MAX);
            long max = number(Long.MAX_VALUE);
            take('}');
            bounds = new AlgorithmSpec.Bounds(min, avg, max);
        }
        take('}');
        return new AlgorithmSpec(id, version, level, bounds);
    }

    /** As {@link ManifestJsonReader}: a repeated timestamp or chunk list is the previous entry's object. */
    private void entries(List<Entry> out) {
        if (peek() == ']') {
            return;
        }
        String lastModified = null;
        int lastModifiedAt = -1;
        List<String> lastChunks = List.of();
        int[] lastIdsAt = new int[0];
        int[] idsAt = new int[8];
        List<String> ids = new ArrayList<>();
        Map<String, String> distinctIds = new HashMap<>();
        while (true) {
            expect(PATH);
            String path = string();
            expect(SIZE);
            long size = number(Long.MAX_VALUE);
            expect(MODIFIED);
            int at = pos;
            if (lastModified != null && sameString(lastModifiedAt, at)) {
                skipString();
            } else {
                lastModified = string();
                lastModifiedAt = at;
            }
            expect(IS_DIR);
            boolean isDir = bool();
            expect(CHUNKS);
            ids.clear();
            if (peek() != ']') {
                while (true) {
                    int i = ids.size();
                    if (i == idsAt.length) {
                        idsAt = Arrays.copyOf(idsAt, i * 2);
                    }
                    int idAt = pos;
                    idsAt[i] = idAt;
                    String id;
                    if (i < lastChunks.size() && sameString(lastIdsAt[i], idAt)) {
                        skipString();
                        id = lastChunks.get(i);
                    } else {
                        id = string();
                        String held = distinctIds.putIfAbsent(id, id);
                        if (held != null) {
                            id = held;
                        }
                    }
                    ids.add(id);
                    if (peek() != ',') {
                        break;
                    }
                    pos++;
                }
            }
            take(']');
            List<String> chunks;
            if (sameElements(ids, lastChunks)) {
                chunks = lastChunks;
            } else {
                chunks = lastChunks = List.copyOf(ids);
                lastIdsAt = Arrays.copyOf(idsAt, ids.size());
            }
            Long packOffset = null;
            if (peek() == ',') {
                expect(PACK_OFFSET);
                packOffset = number(Long.MAX_VALUE);
            }
            take('}');
            out.add(new Entry(path, size, lastModified, isDir, chunks, packOffset));
            if (peek() != ',') {
                return;
            }
            pos++;
        }
    }

    private static boolean sameElements(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private void chunks(Manifest.Builder m) {
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            int keyAt = pos;
            String key = string();
            expect(ID);
            if (!sameString(keyAt, pos)) {
                throw NOT_CANONICAL;
            }
            skipString();
            expect(BLOCK_INDEX);
            long index = number(Long.MAX_VALUE);
            expect(DATA_OFFSET);
            long dataOffset = number(Long.MAX_VALUE);
            expect(BLOCK_LEN);
            long blockLen = number(Long.MAX_VALUE);
            expect(PLAINTEXT_LEN);
            long plaintextLen = number(Long.MAX_VALUE);
            expect(COMPRESSED_LEN);
            long compressedLen = number(Long.MAX_VALUE);
            expect(CIPHER_HASH);
            String cipherHash = string();
            boolean storedRaw = at(STORED_RAW);
            if (storedRaw) {
                pos += STORED_RAW.length;
            }
            take('}');
            if (m.chunks.put(key, new ChunkRecord(key, index, dataOffset, blockLen, plaintextLen, compressedLen,
                    cipherHash, storedRaw)) != null) {
                throw NOT_CANONICAL;
            }
            byte b = next();
            if (b == '}') {
                return;
            }
            if (b != ',') {
                throw NOT_CANONICAL;
            }
        }
    }

    // ---------------------------------------------------------------- tokens

    private boolean at(byte[] literal) {
        int end = pos + literal.length;
        return end <= json.length && Arrays.equals(json, pos, end, literal, 0, literal.length);
    }

    private void expect(byte[] literal) {
        if (!at(literal)) {
            throw NOT_CANONICAL;
        }
        pos += literal.length;
    }

    private byte peek() {
        if (pos >= json.length) {
            throw NOT_CANONICAL;
        }
        return json[pos];
    }

    private byte next() {
        byte b = peek();
        pos++;
        return b;
    }

    private void take(char c) {
        if (next() != c) {
            throw NOT_CANONICAL;
        }
    }

    private boolean bool() {
        if (at(TRUE)) {
            pos += TRUE.length;
            return true;
        }
        expect(FALSE);
        return false;
    }

    /** The end (exclusive) of the string whose opening quote is at {@code at}, past its closing quote. */
    private int stringEnd(int at) {
        if (at >= json.length || json[at] != '"') {
            throw NOT_CANONICAL;
        }
        int i = at + 1;
        int limit = Math.min(json.length, i + MAX_STRING_BYTES + 1);
        while (i < limit) {
            byte b = json[i];
            if (b == '"') {
                return i + 1;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                throw NOT_CANONICAL;
            }
            i++;
        }
        throw NOT_CANONICAL;
    }

    /** Whether the strings starting at {@code a} (already read) and {@code b} have the same bytes. */
    private boolean sameString(int a, int b) {
        int aEnd = stringEnd(a);
        int len = aEnd - a;
        return b + len <= json.length && json[b + len - 1] == '"'
                && Arrays.equals(json, a, aEnd, json, b, b + len);
    }

    private void skipString() {
        pos = stringEnd(pos);
    }

    private String string() {
        int end = stringEnd(pos);
        int from = pos + 1;
        int len = end - 1 - from;
        pos = end;
        for (int i = from; i < from + len; i++) {
            if (json[i] < 0) {
                return utf8(from, len);
            }
        }
        return new String(json, from, len, StandardCharsets.ISO_8859_1);
    }

    /** Strict UTF-8: anything Java's decoder refuses (overlong forms, surrogates) goes to the general reader. */
    private String utf8(int from, int len) {
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(json, from, len));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw NOT_CANONICAL;
        }
    }

    /** A canonical unsigned decimal no larger than {@code max}: no sign, no leading zero, at most 19 digits. */
    private long number(long max) {
        int start = pos;
        long v = 0;
        while (pos < json.length) {
            int d = json[pos] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            if (pos - start == 18 && v > (Long.MAX_VALUE - d) / 10) {
                throw NOT_CANONICAL;
            }
            v = v * 10 + d;
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > 19 || (digits > 1 && json[start] == '0') || v > max) {
            throw NOT_CANONICAL;
        }
        return v;
    }

    private int int32() {
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        long v = number(Integer.MAX_VALUE + 1L);
        if (negative && v == 0 || !negative && v > Integer.MAX_VALUE) {
            throw NOT_CANONICAL;
        }
        return (int) (negative ? -v : v);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

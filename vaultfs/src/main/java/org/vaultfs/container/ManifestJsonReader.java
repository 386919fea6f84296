package org.vaultfs.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Reads manifest and extension-directory JSON strictly: duplicate keys (anywhere), wrong
 * types and out-of-range numbers are refused, unknown keys skipped as serde does. Parsing
 * streams with Jackson's core parser under tight limits; repeated timestamps and chunk
 * lists are shared between entries, since a manifest of 100,000 entries is read at every
 * open and mount.
 *
 * <p>Its length is one small reader per JSON object kind of SPEC §7 (manifest, wrappers,
 * spec, bounds, entry, chunk record, extension entry), each mirroring its section.
 */
final class ManifestJsonReader {
    /** Duplicate member names are refused by {@link JsonMembers}, not by the parser. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(24)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    private ManifestJsonReader() {
    }

    static Manifest read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            Manifest.Builder m = new Manifest.Builder();
            expect(p.nextToken(), JsonToken.START_OBJECT, "manifest");
            long seen = 0;
            Set<String> unknown = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "format" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Top.FORMAT, name);
                        m.format = (int) number(p, t, "format", 255);
                    }
                    case "created" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Top.CREATED, name);
                        m.created = string(p, t, "created", null);
                    }
                    case "modified" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Top.MODIFIED, name);
                        m.modified = string(p, t, "modified", null);
                    }
                    case "wrappers" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Top.WRAPPERS, name);
                        m.wrappers = readWrappers(p, t);
                    }
                    case "entries" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Top.ENTRIES, name);
                        readEntries(p, t, m.entries);
                    }
                    case "chunks" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Top.CHUNKS, name);
                        readChunks(p, t, m);
                    }
                    case "error_correction_pct" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Top.ERROR_CORRECTION_PCT, name);
                        m.errorCorrectionPct = t == JsonToken.VALUE_NULL ? null : (int) number(p, t, "error_correction_pct", 0xffffffffL);
                    }
                    default -> unknown = JsonMembers.skipUnknown(p, name, unknown);
                }
            }
            if (p.nextToken() != null) {
                throw malformed("trailing data after the manifest object");
            }
            if (!JsonMembers.hasRequired(seen, ManifestMembers.Top.REQUIRED)) {
                throw malformed("manifest is missing a required field");
            }
            return m.build();
        } catch (StreamConstraintsException e) {
            throw new VaultException(Failure.BOUNDS, "manifest JSON exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw malformed("manifest JSON is invalid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("manifest JSON is unreadable: " + e.getMessage());
        }
    }

    static List<ExtensionEntry> readExtensions(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            List<ExtensionEntry> out = new ArrayList<>();
            expect(p.nextToken(), JsonToken.START_ARRAY, "extension directory");
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                expect(t, JsonToken.START_OBJECT, "extension entry");
                String id = null;
                String alg = null;
                long ver = 0;
                boolean critical = false;
                long off = 0;
                long len = 0;
                long seen = 0;
                Set<String> unknown = null;
                String name;
                while ((name = p.nextFieldName()) != null) {
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "extension_id" -> {
                            seen = JsonMembers.known(seen, ManifestMembers.Extension.EXTENSION_ID, name);
                            id = string(p, v, name, null);
                        }
                        case "algorithm_id" -> {
                            seen = JsonMembers.known(seen, ManifestMembers.Extension.ALGORITHM_ID, name);
                            alg = string(p, v, name, null);
                        }
                        case "algorithm_version" -> {
                            seen = JsonMembers.known(seen, ManifestMembers.Extension.ALGORITHM_VERSION, name);
                            ver = number(p, v, name, 0xffffffffL);
                        }
                        case "critical" -> {
                            seen = JsonMembers.known(seen, ManifestMembers.Extension.CRITICAL, name);
                            critical = bool(p, v, name);
                        }
                        case "offset" -> {
                            seen = JsonMembers.known(seen, ManifestMembers.Extension.OFFSET, name);
                            off = number(p, v, name, Long.MAX_VALUE);
                        }
                        case "length" -> {
                            seen = JsonMembers.known(seen, ManifestMembers.Extension.LENGTH, name);
                            len = number(p, v, name, Long.MAX_VALUE);
                        }
                        default -> unknown = JsonMembers.skipUnknown(p, name, unknown);
                    }
                }
                if (!JsonMembers.hasRequired(seen, ManifestMembers.Extension.REQUIRED)) {
                    throw malformed("extension entry is missing a required field");
                }
                out.add(new ExtensionEntry(id, alg, ver, critical, off, len));
            }
            if (p.nextToken() != null) {
                throw malformed("trailing data after the extension directory");
            }
            return out;
        } catch (StreamConstraintsException e) {
            throw new VaultException(Failure.BOUNDS, "extension directory exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw malformed("extension directory JSON is invalid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("extension directory is unreadable: " + e.getMessage());
        }
    }

    private static final List<String> WRAPPER_SLOTS = List.of("packing", "chunking", "chunk_id", "compression", "crypt", "cipher_hash");

    private static WrapperStack readWrappers(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT, "wrappers");
        AlgorithmSpec[] slots = new AlgorithmSpec[WRAPPER_SLOTS.size()];
        long seen = 0;
        Set<String> unknown = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            int idx = WRAPPER_SLOTS.indexOf(name);
            if (idx < 0) {
                unknown = JsonMembers.skipUnknown(p, name, unknown);
                continue;
            }
            seen = JsonMembers.known(seen, 1L << idx, name);
            slots[idx] = readSpec(p, v, name);
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                throw malformed("wrapper stack is missing the " + WRAPPER_SLOTS.get(i) + " wrapper");
            }
        }
        return new WrapperStack(slots[0], slots[1], slots[2], slots[3], slots[4], slots[5]);
    }

    private static AlgorithmSpec readSpec(JsonParser p, JsonToken t, String slot) throws IOException {
        expect(t, JsonToken.START_OBJECT, slot + " wrapper");
        String id = null;
        long version = 0;
        Integer level = null;
        AlgorithmSpec.Bounds bounds = null;
        long seen = 0;
        Set<String> unknown = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "algorithm_id" -> {
                    seen = JsonMembers.known(seen, ManifestMembers.Spec.ALGORITHM_ID, name);
                    id = string(p, v, name, null);
                }
                case "algorithm_version" -> {
                    seen = JsonMembers.known(seen, ManifestMembers.Spec.ALGORITHM_VERSION, name);
                    version = number(p, v, name, 0xffffffffL);
                }
                case "level" -> {
                    seen = JsonMembers.known(seen, ManifestMembers.Spec.LEVEL, name);
                    if (v != JsonToken.VALUE_NULL) {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            throw malformed(slot + " level is not a 32-bit integer");
                        }
                        level = p.getIntValue();
                    }
                }
                case "bounds" -> {
                    seen = JsonMembers.known(seen, ManifestMembers.Spec.BOUNDS, name);
                    if (v != JsonToken.VALUE_NULL) {
                        bounds = readBounds(p, v);
                    }
                }
                default -> unknown = JsonMembers.skipUnknown(p, name, unknown);
            }
        }
        if (!JsonMembers.hasRequired(seen, ManifestMembers.Spec.REQUIRED)) {
            throw malformed(slot + " wrapper is missing algorithm_id or algorithm_version");
        }
        return new AlgorithmSpec(id, version, level, bounds);
    }

    private static AlgorithmSpec.Bounds readBounds(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT, "bounds");
        long min = 0;
        long avg = 0;
        long max = 0;
        long seen = 0;
        Set<String> unknown = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "min" -> {
                    seen = JsonMembers.known(seen, ManifestMembers.Bounds.MIN, name);
                    min = number(p, v, name, Long.MAX_VALUE);
                }
                case "avg" -> {
                    seen = JsonMembers.known(seen, ManifestMembers.Bounds.AVG, name);
                    avg = number(p, v, name, Long.MAX_VALUE);
                }
                case "max" -> {
                    seen = JsonMembers.known(seen, ManifestMembers.Bounds.MAX, name);
                    max = number(p, v, name, Long.MAX_VALUE);
                }
                default -> unknown = JsonMembers.skipUnknown(p, name, unknown);
            }
        }
        if (!JsonMembers.hasRequired(seen, ManifestMembers.Bounds.REQUIRED)) {
            throw malformed("chunking bounds are incomplete");
        }
        return new AlgorithmSpec.Bounds(min, avg, max);
    }

    /**
     * Consecutive entries mostly repeat their timestamp and, for packed small files, their
     * chunk list: those are shared with the previous entry rather than copied once per entry.
     * Every chunk id is held once however often it is referenced: an authentic manifest of
     * 106 MB listing one chunk three million times costs three million references, not three
     * million strings (SPEC.md §15.1).
     */
    private static void readEntries(JsonParser p, JsonToken t, List<Entry> out) throws IOException {
        expect(t, JsonToken.START_ARRAY, "entries");
        String lastModified = null;
        List<String> lastChunks = List.of();
        List<String> ids = new ArrayList<>();
        Map<String, String> distinctIds = new HashMap<>();
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(v, JsonToken.START_OBJECT, "entry");
            String path = null;
            long size = 0;
            boolean isDir = false;
            List<String> chunks = null;
            Long packOffset = null;
            long seen = 0;
            Set<String> unknown = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken f = p.nextToken();
                switch (name) {
                    case "path" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.EntryMember.PATH, name);
                        path = string(p, f, name, null);
                    }
                    case "size" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.EntryMember.SIZE, name);
                        size = number(p, f, name, Long.MAX_VALUE);
                    }
                    case "modified" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.EntryMember.MODIFIED, name);
                        lastModified = string(p, f, name, lastModified);
                    }
                    case "is_dir" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.EntryMember.IS_DIR, name);
                        isDir = bool(p, f, name);
                    }
                    case "chunks" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.EntryMember.CHUNKS, name);
                        expect(f, JsonToken.START_ARRAY, "entry chunks");
                        ids.clear();
                        JsonToken c;
                        while ((c = p.nextToken()) != JsonToken.END_ARRAY) {
                            int i = ids.size();
                            String id = string(p, c, "chunk id", i < lastChunks.size() ? lastChunks.get(i)
                                    : i > 0 ? ids.get(i - 1) : null);
                            String held = distinctIds.putIfAbsent(id, id);
                            ids.add(held == null ? id : held);
                        }
                        chunks = lastChunks = sameElements(ids, lastChunks) ? lastChunks : List.copyOf(ids);
                    }
                    case "pack_offset" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.EntryMember.PACK_OFFSET, name);
                        packOffset = f == JsonToken.VALUE_NULL ? null : number(p, f, name, Long.MAX_VALUE);
                    }
                    default -> unknown = JsonMembers.skipUnknown(p, name, unknown);
                }
            }
            if (!JsonMembers.hasRequired(seen, ManifestMembers.EntryMember.REQUIRED)) {
                throw malformed("manifest entry is missing a required field");
            }
            out.add(new Entry(path, size, lastModified, isDir, chunks, packOffset));
        }
    }

    /** Whether two chunk lists hold the same id objects (ids are held once each), in order. */
    static boolean sameElements(List<String> a, List<String> b) {
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

    private static void readChunks(JsonParser p, JsonToken t, Manifest.Builder m) throws IOException {
        expect(t, JsonToken.START_OBJECT, "chunks");
        String key;
        while ((key = p.nextFieldName()) != null) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "chunk record");
            String id = null;
            long index = 0;
            long dataOffset = 0;
            long blockLen = 0;
            long plaintextLen = 0;
            long compressedLen = 0;
            String cipherHash = null;
            boolean storedRaw = false;
            long seen = 0;
            Set<String> unknown = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken f = p.nextToken();
                switch (name) {
                    case "id" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.ID, name);
                        id = string(p, f, name, null);
                    }
                    case "block_index" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.BLOCK_INDEX, name);
                        index = number(p, f, name, Long.MAX_VALUE);
                    }
                    case "data_offset" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.DATA_OFFSET, name);
                        dataOffset = number(p, f, name, Long.MAX_VALUE);
                    }
                    case "block_len" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.BLOCK_LEN, name);
                        blockLen = number(p, f, name, Long.MAX_VALUE);
                    }
                    case "plaintext_len" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.PLAINTEXT_LEN, name);
                        plaintextLen = number(p, f, name, Long.MAX_VALUE);
                    }
                    case "compressed_len" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.COMPRESSED_LEN, name);
                        compressedLen = number(p, f, name, Long.MAX_VALUE);
                    }
                    case "cipher_hash" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.CIPHER_HASH, name);
                        cipherHash = string(p, f, name, null);
                    }
                    case "stored_raw" -> {
                        seen = JsonMembers.known(seen, ManifestMembers.Chunk.STORED_RAW, name);
                        storedRaw = bool(p, f, name);
                    }
                    default -> unknown = JsonMembers.skipUnknown(p, name, unknown);
                }
            }
            if (!JsonMembers.hasRequired(seen, ManifestMembers.Chunk.REQUIRED)) {
                throw malformed("chunk record " + VaultPaths.printable(key) + " is missing a required field");
            }
            if (!id.equals(key)) {
                throw malformed("chunk record keyed " + VaultPaths.printable(key) + " carries id " + VaultPaths.printable(id));
            }
            if (m.chunks.put(key, new ChunkRecord(id, index, dataOffset, blockLen, plaintextLen, compressedLen, cipherHash, storedRaw)) != null) {
                throw JsonMembers.duplicate(key);
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw malformed(what + ": expected " + expected + " but found " + actual);
        }
    }

    /**
     * The string at the current token; {@code previous} itself when the text equals it, so a
     * repeated value is kept once, not once per occurrence.
     */
    private static String string(JsonParser p, JsonToken t, String what, String previous) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw malformed(what + " is not a string");
        }
        char[] text = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        if (previous != null && sameText(previous, text, off, len)) {
            return previous;
        }
        // serde_json refuses an unpaired surrogate escape; Java would carry it into file names as '?'.
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = text[i];
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw malformed(what + " contains an unpaired surrogate");
            }
        }
        return new String(text, off, len);
    }

    private static boolean sameText(String s, char[] text, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != text[off + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean bool(JsonParser p, JsonToken t, String what) {
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw malformed(what + " is not a boolean");
    }

    /** An unsigned integer no larger than {@code max}; larger values cannot be honoured safely. */
    private static long number(JsonParser p, JsonToken t, String what, long max) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw malformed(what + " is not an integer");
        }
        JsonParser.NumberType nt = p.getNumberType();
        if (nt == JsonParser.NumberType.BIG_INTEGER) {
            throw new VaultException(Failure.BOUNDS, what + " is out of range: " + p.getText());
        }
        long v = p.getLongValue();
        if (v < 0) {
            throw malformed(what + " is negative");
        }
        if (v > max) {
            throw new VaultException(Failure.BOUNDS, what + " is out of range: " + v);
        }
        return v;
    }

    private static VaultException malformed(String msg) {
        return new VaultException(Failure.MALFORMED, msg);
    }
}

package org.vaultfs.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Manifest and extension-directory JSON. Writing reproduces serde_json's compact output
 * (struct field order, optional fields omitted when unset, chunk map sorted by id).
 * Reading is strict: duplicate keys, wrong types and out-of-range numbers are refused;
 * unknown keys are skipped, as serde does.
 */
public final class ManifestJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(24)
                    .maxStringLength(1 << 20)
                    .build())
            .build();

    private ManifestJson() {
    }

    // ---------------------------------------------------------------- writing

    public static byte[] write(Manifest m) {
        CompactJson j = new CompactJson(1024 + m.entries.size() * 160 + m.chunks.size() * 300);
        j.raw('{').key("format").number(m.format);
        j.raw(',').key("created").string(m.created);
        j.raw(',').key("modified").string(m.modified);
        j.raw(',').key("wrappers").raw('{');
        boolean first = true;
        for (Map.Entry<String, AlgorithmSpec> slot : m.wrappers.slots().entrySet()) {
            if (!first) {
                j.raw(',');
            }
            first = false;
            j.key(slot.getKey());
            writeSpec(j, slot.getValue());
        }
        j.raw('}');
        j.raw(',').key("entries").raw('[');
        for (int i = 0; i < m.entries.size(); i++) {
            if (i > 0) {
                j.raw(',');
            }
            writeEntry(j, m.entries.get(i));
        }
        j.raw(']');
        j.raw(',').key("chunks").raw('{');
        first = true;
        for (ChunkRecord r : m.chunks.values()) {
            if (!first) {
                j.raw(',');
            }
            first = false;
            j.key(r.id());
            writeChunk(j, r);
        }
        j.raw('}');
        if (m.errorCorrectionPct != null) {
            j.raw(',').key("error_correction_pct").number(m.errorCorrectionPct);
        }
        j.raw('}');
        return j.toUtf8();
    }

    private static void writeSpec(CompactJson j, AlgorithmSpec s) {
        j.raw('{').key("algorithm_id").string(s.algorithmId());
        j.raw(',').key("algorithm_version").number(s.algorithmVersion());
        if (s.level() != null) {
            j.raw(',').key("level").number(s.level());
        }
        if (s.bounds() != null) {
            j.raw(',').key("bounds").raw('{').key("min").number(s.bounds().min())
                    .raw(',').key("avg").number(s.bounds().avg())
                    .raw(',').key("max").number(s.bounds().max()).raw('}');
        }
        j.raw('}');
    }

    private static void writeEntry(CompactJson j, Entry e) {
        j.raw('{').key("path").string(e.path());
        j.raw(',').key("size").number(e.size());
        j.raw(',').key("modified").string(e.modified());
        j.raw(',').key("is_dir").bool(e.isDir());
        j.raw(',').key("chunks").raw('[');
        for (int i = 0; i < e.chunks().size(); i++) {
            if (i > 0) {
                j.raw(',');
            }
            j.string(e.chunks().get(i));
        }
        j.raw(']');
        if (e.packOffset() != null) {
            j.raw(',').key("pack_offset").number(e.packOffset());
        }
        j.raw('}');
    }

    private static void writeChunk(CompactJson j, ChunkRecord r) {
        j.raw('{').key("id").string(r.id());
        j.raw(',').key("block_index").number(r.blockIndex());
        j.raw(',').key("data_offset").number(r.dataOffset());
        j.raw(',').key("block_len").number(r.blockLen());
        j.raw(',').key("plaintext_len").number(r.plaintextLen());
        j.raw(',').key("compressed_len").number(r.compressedLen());
        j.raw(',').key("cipher_hash").string(r.cipherHash());
        if (r.storedRaw()) {
            j.raw(',').key("stored_raw").bool(true);
        }
        j.raw('}');
    }

    public static byte[] writeExtensions(List<ExtensionEntry> exts) {
        CompactJson j = new CompactJson(64 + exts.size() * 160);
        j.raw('[');
        for (int i = 0; i < exts.size(); i++) {
            ExtensionEntry e = exts.get(i);
            if (i > 0) {
                j.raw(',');
            }
            j.raw('{').key("extension_id").string(e.extensionId());
            j.raw(',').key("algorithm_id").string(e.algorithmId());
            j.raw(',').key("algorithm_version").number(e.algorithmVersion());
            j.raw(',').key("critical").bool(e.critical());
            j.raw(',').key("offset").number(e.offset());
            j.raw(',').key("length").number(e.length());
            j.raw('}');
        }
        j.raw(']');
        return j.toUtf8();
    }

    // ---------------------------------------------------------------- reading

    public static Manifest read(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            Manifest m = new Manifest();
            expect(p.nextToken(), JsonToken.START_OBJECT, "manifest");
            boolean hasFormat = false;
            boolean hasEntries = false;
            boolean hasChunks = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "format" -> {
                        m.format = (int) number(p, t, "format", 255);
                        hasFormat = true;
                    }
                    case "created" -> m.created = string(p, t, "created");
                    case "modified" -> m.modified = string(p, t, "modified");
                    case "wrappers" -> m.wrappers = readWrappers(p, t);
                    case "entries" -> {
                        readEntries(p, t, m.entries);
                        hasEntries = true;
                    }
                    case "chunks" -> {
                        readChunks(p, t, m);
                        hasChunks = true;
                    }
                    case "error_correction_pct" -> m.errorCorrectionPct =
                            t == JsonToken.VALUE_NULL ? null : (int) number(p, t, "error_correction_pct", 0xffffffffL);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw malformed("trailing data after the manifest object");
            }
            if (!hasFormat || m.created == null || m.modified == null || m.wrappers == null || !hasEntries || !hasChunks) {
                throw malformed("manifest is missing a required field");
            }
            return m;
        } catch (StreamConstraintsException e) {
            throw new VaultException(Failure.BOUNDS, "manifest JSON exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw malformed("manifest JSON is invalid: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("manifest JSON is unreadable: " + e.getMessage());
        }
    }

    public static List<ExtensionEntry> readExtensions(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            List<ExtensionEntry> out = new ArrayList<>();
            expect(p.nextToken(), JsonToken.START_ARRAY, "extension directory");
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                expect(t, JsonToken.START_OBJECT, "extension entry");
                String id = null;
                String alg = null;
                Long ver = null;
                Boolean critical = null;
                Long off = null;
                Long len = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "extension_id" -> id = string(p, v, name);
                        case "algorithm_id" -> alg = string(p, v, name);
                        case "algorithm_version" -> ver = number(p, v, name, 0xffffffffL);
                        case "critical" -> critical = bool(p, v, name);
                        case "offset" -> off = number(p, v, name, Long.MAX_VALUE);
                        case "length" -> len = number(p, v, name, Long.MAX_VALUE);
                        default -> p.skipChildren();
                    }
                }
                if (id == null || alg == null || ver == null || critical == null || off == null || len == null) {
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

    private static WrapperStack readWrappers(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT, "wrappers");
        AlgorithmSpec[] slots = new AlgorithmSpec[6];
        List<String> names = List.of("packing", "chunking", "chunk_id", "compression", "crypt", "cipher_hash");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int idx = names.indexOf(name);
            if (idx < 0) {
                p.skipChildren();
                continue;
            }
            slots[idx] = readSpec(p, v, name);
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                throw malformed("wrapper stack is missing the " + names.get(i) + " wrapper");
            }
        }
        return new WrapperStack(slots[0], slots[1], slots[2], slots[3], slots[4], slots[5]);
    }

    private static AlgorithmSpec readSpec(JsonParser p, JsonToken t, String slot) throws IOException {
        expect(t, JsonToken.START_OBJECT, slot + " wrapper");
        String id = null;
        Long version = null;
        Integer level = null;
        AlgorithmSpec.Bounds bounds = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "algorithm_id" -> id = string(p, v, name);
                case "algorithm_version" -> version = number(p, v, name, 0xffffffffL);
                case "level" -> {
                    if (v != JsonToken.VALUE_NULL) {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            throw malformed(slot + " level is not a 32-bit integer");
                        }
                        level = p.getIntValue();
                    }
                }
                case "bounds" -> {
                    if (v != JsonToken.VALUE_NULL) {
                        bounds = readBounds(p, v);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (id == null || version == null) {
            throw malformed(slot + " wrapper is missing algorithm_id or algorithm_version");
        }
        return new AlgorithmSpec(id, version, level, bounds);
    }

    private static AlgorithmSpec.Bounds readBounds(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT, "bounds");
        Long min = null;
        Long avg = null;
        Long max = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "min" -> min = number(p, v, name, Long.MAX_VALUE);
                case "avg" -> avg = number(p, v, name, Long.MAX_VALUE);
                case "max" -> max = number(p, v, name, Long.MAX_VALUE);
                default -> p.skipChildren();
            }
        }
        if (min == null || avg == null || max == null) {
            throw malformed("chunking bounds are incomplete");
        }
        return new AlgorithmSpec.Bounds(min, avg, max);
    }

    private static void readEntries(JsonParser p, JsonToken t, List<Entry> out) throws IOException {
        expect(t, JsonToken.START_ARRAY, "entries");
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(v, JsonToken.START_OBJECT, "entry");
            String path = null;
            Long size = null;
            String modified = null;
            Boolean isDir = null;
            List<String> chunks = null;
            Long packOffset = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken f = p.nextToken();
                switch (name) {
                    case "path" -> path = string(p, f, name);
                    case "size" -> size = number(p, f, name, Long.MAX_VALUE);
                    case "modified" -> modified = string(p, f, name);
                    case "is_dir" -> isDir = bool(p, f, name);
                    case "chunks" -> {
                        expect(f, JsonToken.START_ARRAY, "entry chunks");
                        chunks = new ArrayList<>();
                        JsonToken c;
                        while ((c = p.nextToken()) != JsonToken.END_ARRAY) {
                            chunks.add(string(p, c, "chunk id"));
                        }
                    }
                    case "pack_offset" -> packOffset = f == JsonToken.VALUE_NULL ? null : number(p, f, name, Long.MAX_VALUE);
                    default -> p.skipChildren();
                }
            }
            if (path == null || size == null || modified == null || isDir == null || chunks == null) {
                throw malformed("manifest entry is missing a required field");
            }
            out.add(new Entry(path, size, modified, isDir, chunks, packOffset));
        }
    }

    private static void readChunks(JsonParser p, JsonToken t, Manifest m) throws IOException {
        expect(t, JsonToken.START_OBJECT, "chunks");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            expect(p.nextToken(), JsonToken.START_OBJECT, "chunk record");
            String id = null;
            Long index = null;
            Long dataOffset = null;
            Long blockLen = null;
            Long plaintextLen = null;
            Long compressedLen = null;
            String cipherHash = null;
            boolean storedRaw = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken f = p.nextToken();
                switch (name) {
                    case "id" -> id = string(p, f, name);
                    case "block_index" -> index = number(p, f, name, Long.MAX_VALUE);
                    case "data_offset" -> dataOffset = number(p, f, name, Long.MAX_VALUE);
                    case "block_len" -> blockLen = number(p, f, name, Long.MAX_VALUE);
                    case "plaintext_len" -> plaintextLen = number(p, f, name, Long.MAX_VALUE);
                    case "compressed_len" -> compressedLen = number(p, f, name, Long.MAX_VALUE);
                    case "cipher_hash" -> cipherHash = string(p, f, name);
                    case "stored_raw" -> storedRaw = bool(p, f, name);
                    default -> p.skipChildren();
                }
            }
            if (id == null || index == null || dataOffset == null || blockLen == null || plaintextLen == null
                    || compressedLen == null || cipherHash == null) {
                throw malformed("chunk record " + VaultPaths.printable(key) + " is missing a required field");
            }
            if (!id.equals(key)) {
                throw malformed("chunk record keyed " + VaultPaths.printable(key) + " carries id " + VaultPaths.printable(id));
            }
            m.chunks.put(key, new ChunkRecord(id, index, dataOffset, blockLen, plaintextLen, compressedLen, cipherHash, storedRaw));
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw malformed(what + ": expected " + expected + " but found " + actual);
        }
    }

    private static String string(JsonParser p, JsonToken t, String what) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw malformed(what + " is not a string");
        }
        String s = p.getText();
        // serde_json refuses an unpaired surrogate escape; Java would carry it into file names as '?'.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw malformed(what + " contains an unpaired surrogate");
            }
        }
        return s;
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

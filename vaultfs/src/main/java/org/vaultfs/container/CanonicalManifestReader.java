package org.vaultfs.container;

import static org.vaultfs.json.CanonicalCursor.literal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vaultfs.json.CanonicalCursor;

/**
 * Reads a manifest written in the canonical form of SPEC.md §7.6 (serde_json's compact
 * output, which the reference and vaultfs both write) in one pass over the bytes, or gives up
 * with null at the first byte that form does not allow, leaving the manifest to
 * {@link ManifestJsonReader}. A manifest is read at every open and mount, usually before the
 * JIT has compiled anything.
 *
 * <p>It never decides anything Jackson's reader would decide differently: it accepts a
 * subset of the texts that reader accepts (exact member order, no whitespace, no escapes, no
 * number out of its range, no repeated chunk id, strict UTF-8) and builds the same manifest,
 * sharing repeated timestamps and chunk lists the same way. Every refusal, with its failure
 * name and message, stays the general reader's.
 */
final class CanonicalManifestReader {
    private static final long U32 = 0xffffffffL;

    private static final byte[] FORMAT = literal("{\"format\":");
    private static final byte[] CREATED = literal(",\"created\":");
    private static final byte[] MODIFIED = literal(",\"modified\":");
    private static final byte[] WRAPPERS = literal(",\"wrappers\":{\"packing\":");
    private static final byte[][] SLOTS = {
        literal(",\"chunking\":"), literal(",\"chunk_id\":"), literal(",\"compression\":"), literal(",\"crypt\":"),
        literal(",\"cipher_hash\":")};
    private static final byte[] ALGORITHM_ID = literal("{\"algorithm_id\":");
    private static final byte[] ALGORITHM_VERSION = literal(",\"algorithm_version\":");
    private static final byte[] LEVEL = literal(",\"level\":");
    private static final byte[] BOUNDS_MIN = literal(",\"bounds\":{\"min\":");
    private static final byte[] AVG = literal(",\"avg\":");
    private static final byte[] MAX = literal(",\"max\":");
    private static final byte[] ENTRIES = literal("},\"entries\":[");
    private static final byte[] PATH = literal("{\"path\":");
    private static final byte[] SIZE = literal(",\"size\":");
    private static final byte[] IS_DIR = literal(",\"is_dir\":");
    private static final byte[] CHUNKS = literal(",\"chunks\":[");
    private static final byte[] PACK_OFFSET = literal(",\"pack_offset\":");
    private static final byte[] CHUNK_MAP = literal("],\"chunks\":{");
    private static final byte[] ID = literal(":{\"id\":");
    private static final byte[] BLOCK_INDEX = literal(",\"block_index\":");
    private static final byte[] DATA_OFFSET = literal(",\"data_offset\":");
    private static final byte[] BLOCK_LEN = literal(",\"block_len\":");
    private static final byte[] PLAINTEXT_LEN = literal(",\"plaintext_len\":");
    private static final byte[] COMPRESSED_LEN = literal(",\"compressed_len\":");
    private static final byte[] CIPHER_HASH = literal(",\"cipher_hash\":");
    private static final byte[] STORED_RAW = literal(",\"stored_raw\":true");
    private static final byte[] ERROR_CORRECTION_PCT = literal(",\"error_correction_pct\":");

    private final CanonicalCursor c;

    private CanonicalManifestReader(CanonicalCursor c) {
        this.c = c;
    }

    /** The manifest, or null when {@code json} is not in canonical form (or is refused). */
    static Manifest read(byte[] json) {
        return CanonicalCursor.readOrNull(json, c -> new CanonicalManifestReader(c).manifest());
    }

    private Manifest manifest() {
        Manifest.Builder m = new Manifest.Builder();
        c.expect(FORMAT);
        m.format = (int) c.number(255);
        c.expect(CREATED);
        m.created = c.string();
        c.expect(MODIFIED);
        m.modified = c.string();
        c.expect(WRAPPERS);
        AlgorithmSpec[] slots = new AlgorithmSpec[SLOTS.length + 1];
        slots[0] = spec();
        for (int i = 0; i < SLOTS.length; i++) {
            c.expect(SLOTS[i]);
            slots[i + 1] = spec();
        }
        m.wrappers = new WrapperStack(slots[0], slots[1], slots[2], slots[3], slots[4], slots[5]);
        c.expect(ENTRIES);
        entries(m.entries);
        c.expect(CHUNK_MAP);
        chunks(m);
        if (c.skip(ERROR_CORRECTION_PCT)) {
            m.errorCorrectionPct = (int) c.number(U32);
        }
        c.take('}');
        return m.build();
    }

    private AlgorithmSpec spec() {
        c.expect(ALGORITHM_ID);
        String id = c.string();
        c.expect(ALGORITHM_VERSION);
        long version = c.number(U32);
        Integer level = c.skip(LEVEL) ? (int) c.signed(Integer.MAX_VALUE) : null;
        AlgorithmSpec.Bounds bounds = null;
        if (c.skip(BOUNDS_MIN)) {
            long min = c.number(Long.MAX_VALUE);
            c.expect(AVG);
            long avg = c.number(Long.MAX_VALUE);
            c.expect(MAX);
            long max = c.number(Long.MAX_VALUE);
            c.take('}');
            bounds = new AlgorithmSpec.Bounds(min, avg, max);
        }
        c.take('}');
        return new AlgorithmSpec(id, version, level, bounds);
    }

    // What the previous entry held, for sharing (as ManifestJsonReader shares).
    private String lastModified;
    private int lastModifiedAt;
    private List<String> lastChunks = List.of();
    private int[] lastIdsAt = new int[0];
    private int[] idsAt = new int[8];
    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> distinctIds = new HashMap<>();

    private void entries(List<Entry> out) {
        if (c.peek() == ']') {
            return;
        }
        do {
            out.add(entry());
        } while (c.peek() == ',' && c.next() == ',');
    }

    /**
     * One entry; a method of its own because the JIT compiles a method after a few hundred
     * calls, while a loop of 50,000 iterations in one call runs interpreted to its end.
     */
    private Entry entry() {
        c.expect(PATH);
        String path = c.string();
        c.expect(SIZE);
        long size = c.number(Long.MAX_VALUE);
        c.expect(MODIFIED);
        if (lastModified != null && c.sameString(lastModifiedAt)) {
            c.skipString();
        } else {
            lastModifiedAt = c.position();
            lastModified = c.string();
        }
        c.expect(IS_DIR);
        boolean isDir = c.bool();
        c.expect(CHUNKS);
        List<String> chunks = chunkIds();
        Long packOffset = c.skip(PACK_OFFSET) ? c.number(Long.MAX_VALUE) : null;
        c.take('}');
        return new Entry(path, size, lastModified, isDir, chunks, packOffset);
    }

    /** The chunk list up to its closing bracket: the previous entry's list when it names the same ids. */
    private List<String> chunkIds() {
        ids.clear();
        if (c.peek() != ']') {
            do {
                int i = ids.size();
                if (i == idsAt.length) {
                    idsAt = Arrays.copyOf(idsAt, i * 2);
                }
                idsAt[i] = c.position();
                String id;
                if (i < lastChunks.size() && c.sameString(lastIdsAt[i])) {
                    c.skipString();
                    id = lastChunks.get(i);
                } else {
                    id = c.string();
                    String held = distinctIds.putIfAbsent(id, id);
                    if (held != null) {
                        id = held;
                    }
                }
                ids.add(id);
            } while (c.peek() == ',' && c.next() == ',');
        }
        c.take(']');
        if (!ManifestJsonReader.sameElements(ids, lastChunks)) {
            lastChunks = List.copyOf(ids);
            lastIdsAt = Arrays.copyOf(idsAt, ids.size());
        }
        return lastChunks;
    }

    private void chunks(Manifest.Builder m) {
        if (c.peek() == '}') {
            c.next();
            return;
        }
        do {
            ChunkRecord r = chunkRecord();
            if (m.chunks.put(r.id(), r) != null) {
                throw CanonicalCursor.notCanonical();
            }
        } while (c.peek() == ',' && c.next() == ',');
        c.take('}');
    }

    private ChunkRecord chunkRecord() {
        int keyAt = c.position();
        String key = c.string();
        c.expect(ID);
        if (!c.sameString(keyAt)) {
            throw CanonicalCursor.notCanonical();
        }
        c.skipString();
        c.expect(BLOCK_INDEX);
        long index = c.number(Long.MAX_VALUE);
        c.expect(DATA_OFFSET);
        long dataOffset = c.number(Long.MAX_VALUE);
        c.expect(BLOCK_LEN);
        long blockLen = c.number(Long.MAX_VALUE);
        c.expect(PLAINTEXT_LEN);
        long plaintextLen = c.number(Long.MAX_VALUE);
        c.expect(COMPRESSED_LEN);
        long compressedLen = c.number(Long.MAX_VALUE);
        c.expect(CIPHER_HASH);
        String cipherHash = c.string();
        boolean storedRaw = c.skip(STORED_RAW);
        c.take('}');
        return new ChunkRecord(key, index, dataOffset, blockLen, plaintextLen, compressedLen, cipherHash, storedRaw);
    }
}

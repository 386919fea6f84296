package org.vaultfs.container;

import java.util.List;
import java.util.Map;

/**
 * Manifest and extension-directory JSON. Writing reproduces serde_json's compact output
 * (struct field order, optional fields omitted when unset, chunk map sorted by id), which no
 * JSON library guarantees; reading is {@link ManifestJsonReader}'s.
 */
public final class ManifestJson {
    private ManifestJson() {
    }

    /**
     * Parses a manifest, strictly (see {@link ManifestJsonReader}); validation is {@link ManifestValidator}'s.
     * The canonical form every writer produces takes {@link CanonicalManifestReader}'s faster path.
     */
    public static Manifest read(byte[] json) {
        Manifest canonical = CanonicalManifestReader.read(json);
        return canonical != null ? canonical : ManifestJsonReader.read(json);
    }

    /** Parses an extension directory, strictly. */
    public static List<ExtensionEntry> readExtensions(byte[] json) {
        return ManifestJsonReader.readExtensions(json);
    }

    // ---------------------------------------------------------------- writing

    public static byte[] write(Manifest m) {
        return json(m).toUtf8();
    }

    /**
     * The manifest's JSON at offset {@code head} of an array {@code head + tail} bytes longer,
     * for {@link ManifestCrypto#sealInPlace}: the plaintext exists once, not beside its ciphertext.
     */
    static byte[] writeWithRoom(Manifest m, int head, int tail) {
        return json(m).withRoom(head, tail);
    }

    private static CompactJson json(Manifest m) {
        CompactJson j = new CompactJson(1024 + m.entries().size() * 160 + m.chunks().size() * 300);
        j.raw('{').key("format").number(m.format());
        j.raw(',').key("created").string(m.created());
        j.raw(',').key("modified").string(m.modified());
        j.raw(',').key("wrappers").raw('{');
        boolean first = true;
        for (Map.Entry<String, AlgorithmSpec> slot : m.wrappers().slots().entrySet()) {
            if (!first) {
                j.raw(',');
            }
            first = false;
            j.key(slot.getKey());
            writeSpec(j, slot.getValue());
        }
        j.raw('}');
        j.raw(',').key("entries").raw('[');
        for (int i = 0; i < m.entries().size(); i++) {
            if (i > 0) {
                j.raw(',');
            }
            writeEntry(j, m.entries().get(i));
        }
        j.raw(']');
        j.raw(',').key("chunks").raw('{');
        first = true;
        for (ChunkRecord r : m.chunks().values()) {
            if (!first) {
                j.raw(',');
            }
            first = false;
            j.key(r.id());
            writeChunk(j, r);
        }
        j.raw('}');
        if (m.errorCorrectionPct() != null) {
            j.raw(',').key("error_correction_pct").number(m.errorCorrectionPct());
        }
        j.raw('}');
        return j;
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
}

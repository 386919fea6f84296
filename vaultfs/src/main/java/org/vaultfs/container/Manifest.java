package org.vaultfs.container;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The decrypted vault index (SPEC.md §7), immutable. Entries are sorted by path in UTF-8
 * byte order and chunks by id, exactly as the reference serialises them. Writers assemble one
 * in a {@link Builder}.
 */
public final class Manifest {
    public static final int FORMAT = 3;

    private final int format;
    private final String created;
    private final String modified;
    private final WrapperStack wrappers;
    private final List<Entry> entries;
    private final NavigableMap<String, ChunkRecord> chunks;
    private final Integer errorCorrectionPct;

    private Manifest(Builder b) {
        this.format = b.format;
        this.created = b.created;
        this.modified = b.modified;
        this.wrappers = b.wrappers;
        // Taken over, not copied: a manifest of millions of entries must not exist twice.
        this.entries = Collections.unmodifiableList(b.entries);
        this.chunks = Collections.unmodifiableNavigableMap(b.chunks);
        this.errorCorrectionPct = b.errorCorrectionPct;
    }

    public int format() {
        return format;
    }

    public String created() {
        return created;
    }

    public String modified() {
        return modified;
    }

    public WrapperStack wrappers() {
        return wrappers;
    }

    /** Every entry, sorted by path. */
    public List<Entry> entries() {
        return entries;
    }

    /** Every chunk record by id. */
    public NavigableMap<String, ChunkRecord> chunks() {
        return chunks;
    }

    /** The {@code error_correction} percentage, null when the member is absent. */
    public Integer errorCorrectionPct() {
        return errorCorrectionPct;
    }

    /** A builder holding copies of this manifest's members, for an edit. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.format = format;
        b.created = created;
        b.modified = modified;
        b.wrappers = wrappers;
        b.entries.addAll(entries);
        b.chunks.putAll(chunks);
        b.errorCorrectionPct = errorCorrectionPct;
        return b;
    }

    static long nextBlockIndex(Collection<ChunkRecord> records) {
        long max = -1;
        for (ChunkRecord r : records) {
            max = Math.max(max, r.blockIndex());
        }
        return max + 1;
    }

    /**
     * The members of a manifest being assembled (by the parser, an edit, a test forging one).
     * {@link #build} hands its collections to the manifest, so a builder builds once.
     */
    public static final class Builder {
        public int format = FORMAT;
        public String created;
        public String modified;
        public WrapperStack wrappers;
        public List<Entry> entries = new ArrayList<>();
        public TreeMap<String, ChunkRecord> chunks = new TreeMap<>();
        public Integer errorCorrectionPct;

        public void sortEntries() {
            entries.sort((a, b) -> PathOrder.compare(a.path(), b.path()));
        }

        /** The block index the next new chunk gets. */
        public long nextBlockIndex() {
            return Manifest.nextBlockIndex(chunks.values());
        }

        public Manifest build() {
            Manifest m = new Manifest(this);
            entries = null;
            chunks = null;
            return m;
        }
    }
}

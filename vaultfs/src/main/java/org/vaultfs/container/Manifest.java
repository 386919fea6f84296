package org.vaultfs.container;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * The decrypted vault index (SPEC.md §7). Entries are kept sorted by path in UTF-8 byte
 * order and chunks sorted by id, exactly as the reference serialises them.
 */
public final class Manifest {
    public static final int FORMAT = 3;

    public int format = FORMAT;
    public String created;
    public String modified;
    public WrapperStack wrappers;
    public final List<Entry> entries = new ArrayList<>();
    public final TreeMap<String, ChunkRecord> chunks = new TreeMap<>();
    public Integer errorCorrectionPct;

    public void sortEntries() {
        entries.sort((a, b) -> PathOrder.compare(a.path(), b.path()));
    }

    public List<Entry> entriesView() {
        return Collections.unmodifiableList(entries);
    }

    public long nextBlockIndex() {
        long max = -1;
        for (ChunkRecord r : chunks.values()) {
            max = Math.max(max, r.blockIndex());
        }
        return max + 1;
    }
}

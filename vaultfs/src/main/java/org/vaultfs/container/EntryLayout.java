package org.vaultfs.container;

/**
 * Where a file's bytes live: its chunk records and the cumulative plaintext offset of each,
 * so a byte range maps to the covering chunks by binary search instead of a scan.
 */
public final class EntryLayout {
    private final Entry entry;
    private final ChunkRecord[] chunks;
    private final long[] starts;

    private EntryLayout(Entry entry, ChunkRecord[] chunks, long[] starts) {
        this.entry = entry;
        this.chunks = chunks;
        this.starts = starts;
    }

    static EntryLayout of(VaultReader reader, Entry e) {
        return of(e, reader::chunk);
    }

    /** The layout of {@code e}, whose chunk ids {@code records} resolves. */
    public static EntryLayout of(Entry e, java.util.function.Function<String, ChunkRecord> records) {
        ChunkRecord[] rs = new ChunkRecord[e.chunks().size()];
        long[] starts = new long[rs.length];
        long pos = 0;
        for (int i = 0; i < rs.length; i++) {
            rs[i] = records.apply(e.chunks().get(i));
            starts[i] = pos;
            pos += rs[i].plaintextLen();
        }
        return new EntryLayout(e, rs, starts);
    }

    public Entry entry() {
        return entry;
    }

    public long size() {
        return entry.size();
    }

    public int chunkCount() {
        return chunks.length;
    }

    public ChunkRecord chunk(int i) {
        return chunks[i];
    }

    /** Offset of chunk {@code i}'s first byte relative to the file's first byte (may be negative for packed files). */
    public long chunkStartInFile(int i) {
        return starts[i] - entry.offsetInChunks();
    }

    /**
     * Index of the chunk holding file offset {@code pos} (0 <= pos < size): the last chunk
     * starting at or before it. Empty chunks share their start with the next chunk, so an
     * exact-match search could land on one that holds no byte at all.
     */
    public int chunkAt(long pos) {
        long target = pos + entry.offsetInChunks();
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}

package org.vaultfs.legacy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.ContainerReader;
import org.vaultfs.container.Entry;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.PasswordKdf;
import org.vaultfs.container.PathOrder;
import org.vaultfs.container.VaultBytes;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.VaultSource;

/**
 * An unlocked AEROVAULT2 vault. Opening reads the header, the manifest, and the 4-byte length
 * prefix of every chunk: a chunk's place follows only from the lengths before it (the
 * reference's writer makes irregular chunks for some chunk sizes), so each file's chunks are
 * located once, as records of the same shape AEROVAULT3 uses, and never by arithmetic on the
 * chunk size. The data section itself is read only chunk by chunk ({@link V2ChunkSource}).
 */
public final class V2Reader implements ContainerReader {
    /** The reference's MAX_MANIFEST_SIZE. */
    static final long MAX_MANIFEST = 64L << 20;
    /** The reference accepts chunk sizes from 4 KiB to 16 MiB. */
    static final long MIN_CHUNK = 4 << 10;
    static final long MAX_CHUNK = 16 << 20;

    private final VaultBytes file;
    /** A local file, where reading ahead of the prefix walk costs no requests to a store. */
    private final boolean local;
    private final V2Header header;
    private final V2Keys keys;
    private final long dataStart;
    private final String modified;
    private final V2Manifest manifest;
    /** Per manifest entry, in manifest order: the bytes its chunk records take in the data section. */
    private final long[] regionLengths;
    private final List<Entry> entries;
    private final Map<String, Entry> byPath = new HashMap<>();
    private final Map<String, ChunkRecord> records = new HashMap<>();
    private final Map<String, V2ChunkSource.Aad> aads = new HashMap<>();

    private V2Reader(VaultBytes file, boolean local, V2Header header, V2Keys keys, long dataStart, V2Manifest m) {
        this.file = file;
        this.local = local;
        this.header = header;
        this.keys = keys;
        this.dataStart = dataStart;
        this.modified = m.modified();
        this.manifest = m;
        this.regionLengths = new long[m.entries().size()];
        List<Entry> out = new ArrayList<>();
        long fileLen = file.size();
        for (int i = 0; i < m.entries().size(); i++) {
            V2Manifest.Entry e = m.entries().get(i);
            VaultPaths.requireCanonical(e.name());
            Entry entry = e.isDir() ? Entry.directory(e.name(), e.modified()) : locate(i, e, fileLen);
            if (byPath.put(entry.path(), entry) != null) {
                throw new VaultException(Failure.MALFORMED, "AEROVAULT2 manifest lists " + VaultPaths.printable(entry.path()) + " twice");
            }
            out.add(entry);
        }
        out.sort((a, b) -> PathOrder.compare(a.path(), b.path()));
        this.entries = List.copyOf(out);
    }

    /** Opens the vault in {@code source}, which it then owns (closed with the reader, or on failure). */
    public static V2Reader open(VaultSource source, byte[] password, PasswordKdf kdf) {
        VaultBytes file = new VaultBytes(source);
        V2Keys keys = null;
        try {
            long len = file.size();
            byte[] hb = new byte[V2Header.SIZE];
            V2Header h = V2Header.parse(java.util.Arrays.copyOf(hb, file.readUpTo(0, hb, 0, hb.length)), source.name());
            if (h.chunkSize() < MIN_CHUNK || h.chunkSize() > MAX_CHUNK) {
                throw new VaultException(Failure.MALFORMED, "AEROVAULT2 chunk size " + h.chunkSize() + " is outside 4 KiB-16 MiB");
            }
            keys = V2Keys.unlock(h, password, kdf);
            long manifestLen = LittleEndian.getUnsignedInt(file.readExact(V2Header.SIZE, 4, "manifest length"), 0);
            if (manifestLen > MAX_MANIFEST) {
                throw new VaultException(Failure.BOUNDS, "AEROVAULT2 manifest of " + manifestLen + " bytes exceeds the 64 MiB limit");
            }
            if (V2Header.SIZE + 4 + manifestLen > len) {
                throw new VaultException(Failure.TRUNCATED, "AEROVAULT2 vault is truncated inside its manifest");
            }
            byte[] json = V2Manifest.open(keys.siv, file.readExact(V2Header.SIZE + 4, manifestLen, "manifest"), "AEROVAULT2 manifest");
            V2Manifest m = V2Manifest.read(json, keys.siv);
            java.util.Arrays.fill(json, (byte) 0);
            return new V2Reader(file, source.localPath().isPresent(), h, keys, V2Header.SIZE + 4 + manifestLen, m);
        } catch (RuntimeException e) {
            if (keys != null) {
                keys.close();
            }
            file.close();
            throw e;
        }
    }

    /** The clear facts of the AEROVAULT2 header of {@code source}, without a password. */
    public static org.vaultfs.container.VaultProbe probe(VaultSource source) {
        VaultBytes file = new VaultBytes(source);
        long len = file.size();
        byte[] hb = new byte[V2Header.SIZE];
        V2Header h = V2Header.parse(java.util.Arrays.copyOf(hb, file.readUpTo(0, hb, 0, hb.length)), source.name());
        return org.vaultfs.container.VaultProbe.legacy(source.name(), len,
                new org.vaultfs.container.VaultProbe.Legacy(h.version(), h.cascade(), h.chunkSize()));
    }

    /** The file's chunk records, found by walking its length prefixes; the manifest's size must match what they hold. */
    private Entry locate(int entryIndex, V2Manifest.Entry e, long fileLen) {
        int overhead = header.chunkOverhead();
        long pos = dataStart + e.offset();
        // Each chunk takes at least its prefix and overhead: a count beyond what fits is refused before anything is built.
        if (e.offset() > fileLen || e.chunkCount() > (fileLen - Math.min(fileLen, pos)) / (4 + overhead)) {
            throw new VaultException(Failure.TRUNCATED, "AEROVAULT2 entry " + VaultPaths.printable(e.name())
                    + " has more chunks than the vault holds");
        }
        List<String> ids = new ArrayList<>((int) Math.min(e.chunkCount(), 1 << 16));
        long plain = 0;
        try (V2PrefixReadAhead ahead = local ? V2PrefixReadAhead.start(file, pos, 4L + header.chunkSize() + overhead, e.chunkCount()) : null) {
            for (long c = 0; c < e.chunkCount(); c++) {
                if (ahead != null && (c & 63) == 0) {
                    ahead.walked(c);
                }
                long next = walkOne(entryIndex, e, c, pos, fileLen, ids);
                plain += next - pos - 4 - overhead;
                pos = next;
            }
        }
        regionLengths[entryIndex] = pos - (dataStart + e.offset());
        if (plain != e.size()) {
            throw new VaultException(Failure.MALFORMED, "AEROVAULT2 entry " + VaultPaths.printable(e.name()) + " says "
                    + e.size() + " bytes, its chunks hold " + plain);
        }
        return new Entry(e.name(), e.size(), e.modified(), false, ids, null);
    }

    /** Reads and checks chunk {@code c}'s length prefix at {@code pos}, records the chunk; returns where the next one starts. */
    private long walkOne(int entryIndex, V2Manifest.Entry e, long c, long pos, long fileLen, List<String> ids) {
        int overhead = header.chunkOverhead();
        long len = LittleEndian.getUnsignedInt(file.readExact(pos, 4, "chunk length"), 0);
        if (len < overhead || len > header.chunkSize() + overhead) {
            throw new VaultException(Failure.BOUNDS, "AEROVAULT2 chunk " + c + " of " + VaultPaths.printable(e.name())
                    + " has an impossible length " + len);
        }
        if (pos + 4 + len > fileLen) {
            throw new VaultException(Failure.TRUNCATED, "AEROVAULT2 chunk " + c + " of " + VaultPaths.printable(e.name())
                    + " is cut short by the end of the file");
        }
        String id = "v2:" + entryIndex + ":" + c;
        records.put(id, new ChunkRecord(id, records.size(), pos - dataStart, len, len - overhead, len - overhead, "", true));
        aads.put(id, new V2ChunkSource.Aad(e.fileId(), e.chunkCount(), c));
        ids.add(id);
        return pos + 4 + len;
    }

    /** Decodes this vault's chunks; it shares the reader's keys and file. */
    public V2ChunkSource chunkSource() {
        return new V2ChunkSource(file, dataStart, header.cascade(), keys, aads);
    }

    /** The manifest as stored (names decrypted), for an edit to rewrite. */
    V2Manifest manifest() {
        return manifest;
    }

    /** The data-section bytes of manifest entry {@code index}'s chunk records (0 for a directory or an empty file). */
    long regionLength(int index) {
        return regionLengths[index];
    }

    V2Header header() {
        return header;
    }

    V2Keys keys() {
        return keys;
    }

    VaultBytes file() {
        return file;
    }

    public int version() {
        return header.version();
    }

    public boolean cascade() {
        return header.cascade();
    }

    public long chunkSize() {
        return header.chunkSize();
    }

    /** Every chunk record, in data order of their files. */
    public java.util.Collection<ChunkRecord> chunkRecords() {
        return records.values();
    }

    @Override
    public String name() {
        return file.source().name();
    }

    @Override
    public Optional<Path> localPath() {
        return file.source().localPath();
    }

    @Override
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public Optional<Entry> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    @Override
    public EntryLayout layout(Entry e) {
        return EntryLayout.of(e, records::get);
    }

    @Override
    public String modified() {
        return modified;
    }

    @Override
    public long dataOffset() {
        return dataStart;
    }

    @Override
    public void close() {
        keys.close();
        file.close();
    }
}

package org.vaultfs.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EditStats;
import org.vaultfs.container.Entry;
import org.vaultfs.container.EntryTree;
import org.vaultfs.container.RangeCopy;
import org.vaultfs.container.RealTarget;
import org.vaultfs.container.SkipKind;
import org.vaultfs.container.SourceTree;
import org.vaultfs.container.Timestamps;
import org.vaultfs.container.TreeEditBase;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultLock;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.container.VaultTempFile;
import org.vaultfs.crypt.HmacSha512;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.metadata.TreeMetadata;
import org.vaultfs.source.FileSource;

/**
 * A write session on an AEROVAULT2 vault, new or existing (SPEC.md §19.8): the tree rules of
 * every vaultfs edit ({@link EntryTree}), the container rules of the reference. The header is
 * kept byte for byte (a version-2 header keeps its files without {@code file_id}, as the
 * reference's {@code add} does); new files are sealed into a private temporary file; the
 * commit writes header, manifest and a compacted data section beside the vault and renames it
 * over the old one. Compaction moves stored chunk records without opening them: a chunk's AAD
 * binds its file's id, count and index, never its offset, so the bytes stay valid anywhere.
 */
public final class V2Editor extends TreeEditBase {
    /** Chunks an entry takes in the base vault or the new-data file; copies of a file share one region. */
    private record Region(boolean added, long offset, long length, long chunkCount, byte[] fileId) {
        long end() {
            return offset + length;
        }
    }

    /** {@code length} bytes from {@code from} in the base or new data to {@code to} in the new data section. */
    private record Move(boolean added, long from, long to, long length) {
    }

    private static final int ATTEMPTS = 3;

    private final Path target;
    private final EditOptions opts;
    private final VaultLock lock;
    private final V2Reader base;
    private final VaultTempFile.BaseSnapshot snapshot;
    private final byte[] header;
    private final V2Keys keys;
    private final boolean cascade;
    private final int chunkSize;
    /** A version-3 header binds each chunk to its file's id and count; a version-2 one only to its index. */
    private final boolean bindChunks;
    private final String created;
    private final String description;
    private final List<String> removedLeftovers;
    private final Map<String, Region> regions = new HashMap<>();
    private final String baseModified;
    private AtomicFile added;
    private long addedLen;
    private V2ChunkSealer sealer;
    private long filesAdded;
    private long bytesIn;
    private long startNanos = System.nanoTime();
    private boolean committed;

    private V2Editor(Path target, EditOptions opts, VaultLock lock, V2Reader base, byte[] header, V2Keys keys,
                     List<String> removedLeftovers, String created, String modified, String description, List<Entry> entries) {
        super(new EntryTree(entries, stamp -> { }, clockOf(opts)), TreeMetadata.empty(), clockOf(opts));
        this.target = target;
        this.opts = opts;
        this.lock = lock;
        this.base = base;
        this.header = header;
        this.keys = keys;
        this.cascade = (header[11] & 1) != 0;
        this.chunkSize = (int) LittleEndian.getUnsignedInt(header, 124);
        this.bindChunks = (header[10] & 0xff) >= V2Header.VERSION;
        this.snapshot = base == null ? null : new VaultTempFile.BaseSnapshot(base.file().size(), header.clone());
        this.removedLeftovers = removedLeftovers;
        this.created = created;
        this.baseModified = modified;
        this.description = description;
    }

    /** Opens the AEROVAULT2 vault at {@code requested} for changes; LOCKED if another writer holds it. */
    public static V2Editor open(Path requested, byte[] password, EditOptions opts) {
        Path target = RealTarget.of(requested);
        VaultLock lock = VaultLock.acquire(target);
        V2Reader base = null;
        try {
            List<String> leftovers = VaultTempFile.removeStale(target);
            base = V2Reader.open(FileSource.open(target), password, opts.kdf());
            V2Manifest m = base.manifest();
            List<Entry> entries = new ArrayList<>();
            Map<String, Region> regions = new HashMap<>();
            for (int i = 0; i < m.entries().size(); i++) {
                V2Manifest.Entry e = m.entries().get(i);
                if (e.isDir()) {
                    entries.add(Entry.directory(e.name(), e.modified()));
                    continue;
                }
                String key = "b" + i;
                regions.put(key, new Region(false, e.offset(), base.regionLength(i), e.chunkCount(), e.fileId()));
                entries.add(new Entry(e.name(), e.size(), e.modified(), false, List.of(key), null));
            }
            V2Editor ed = new V2Editor(target, opts, lock, base, base.header().bytes().clone(), base.keys(), leftovers,
                    m.created(), m.modified(), m.description(), entries);
            ed.regions.putAll(regions);
            return ed;
        } catch (RuntimeException e) {
            if (base != null) {
                base.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Starts a new, empty AEROVAULT2 vault at {@code requested} (refusing to overwrite): header
     * version 3, chunks of {@code chunkSize} bytes, the cascade when asked. It exists on disk
     * only after {@link #commit()}.
     */
    public static V2Editor create(Path requested, byte[] password, EditOptions opts, boolean cascade, int chunkSize) {
        if (password.length < 8) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        if (chunkSize < V2Reader.MIN_CHUNK || chunkSize > V2Reader.MAX_CHUNK) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--chunk-size must be between 4 KiB and 16 MiB, got " + chunkSize);
        }
        Path target = RealTarget.of(requested);
        if (Files.exists(requested, LinkOption.NOFOLLOW_LINKS) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + requested);
        }
        VaultLock lock = VaultLock.acquire(target);
        V2Keys keys = null;
        try {
            List<String> leftovers = VaultTempFile.removeStale(target);
            keys = V2Keys.generate(opts.random());
            byte[] salt = opts.random().nextBytes(32);
            byte[] kek = opts.kdf().derive(password, salt);
            byte[] h = new byte[V2Header.SIZE];
            System.arraycopy(V2Header.MAGIC, 0, h, 0, V2Header.MAGIC.length);
            h[10] = (byte) V2Header.VERSION;
            h[11] = (byte) (cascade ? 1 : 0);
            System.arraycopy(salt, 0, h, 12, 32);
            V2Keys.wrapInto(h, kek, keys.masterKey, keys.macKey);
            Wipe.zero(kek);
            LittleEndian.putInt(h, 124, chunkSize);
            System.arraycopy(HmacSha512.mac(keys.macKey, h), 0, h, 448, 64);
            String now = Timestamps.now(opts.clock());
            return new V2Editor(target, opts, lock, null, h, keys, leftovers, now, now, null, List.of());
        } catch (RuntimeException e) {
            if (keys != null) {
                keys.close();
            }
            lock.close();
            throw e;
        }
    }

    @Override
    public List<String> removedLeftovers() {
        return List.copyOf(removedLeftovers);
    }

    // ------------------------------------------------------------------ adding content

    @Override
    public void addTree(Path sourceDir, String vaultPrefix) {
        String prefix = vaultPrefix == null || vaultPrefix.isBlank() ? "" : VaultPaths.normalize(vaultPrefix);
        SourceTree walk = SourceTree.scan(sourceDir, opts.progress(), opts.sourceFilter());
        if (!prefix.isEmpty()) {
            tree.mkdir(prefix, now());
        }
        for (SourceTree.Dir d : walk.dirs()) {
            tree.mkdir(VaultPaths.join(prefix, d.relativePath()), opts.sourceTimestamps() ? Timestamps.of(d.mtime()) : now());
        }
        for (SourceTree.File f : walk.files()) {
            if (!f.isOwnFileOf(target)) {
                addSourceFile(f.path(), VaultPaths.join(prefix, f.relativePath()), true);
            }
        }
    }

    @Override
    public void addFile(Path source, String vaultPath) {
        addSourceFile(source, VaultPaths.normalize(vaultPath), false);
    }

    @Override
    public void addStreams(List<VaultEditor.StreamSource> sources) {
        for (VaultEditor.StreamSource s : sources) {
            VaultPaths.requireCanonical(s.vaultPath());
            Entry replaced = tree.prepareFileSlot(s.vaultPath());
            boolean whole;
            try {
                whole = store(s.opener()::open, s.size(), s.vaultPath(), s.modified());
            } catch (IOException e) {
                tree.restore(replaced);
                throw VaultException.io("cannot read " + VaultPaths.printable(s.vaultPath()), e);
            }
            if (!whole) {
                tree.restore(replaced);
                throw new VaultException(Failure.MALFORMED, VaultPaths.printable(s.vaultPath())
                        + " does not hold the " + s.size() + " bytes its source listed");
            }
        }
    }

    /**
     * Stores one file. Every chunk's AAD binds the chunk count, known only from the size listed
     * before reading, so a file that changes size while read is read again; one that keeps
     * changing is left out (reported when a tree walk found it, an error when it was named).
     */
    private void addSourceFile(Path file, String vaultPath, boolean fromTree) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            BasicFileAttributes a;
            Entry replaced = null;
            try {
                a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile()) {
                    throw new VaultException(Failure.INVALID_ARGUMENT, "not a regular file: " + file);
                }
                String stamp = opts.sourceTimestamps() ? Timestamps.of(a.lastModifiedTime()) : now();
                replaced = tree.prepareFileSlot(vaultPath);
                if (store(() -> Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), a.size(), vaultPath, stamp)) {
                    return;
                }
                tree.restore(replaced);
            } catch (IOException e) {
                tree.restore(replaced);
                VaultException failure = e instanceof NoSuchFileException
                        ? new VaultException(Failure.NOT_FOUND, "no such file: " + file)
                        : VaultException.io("cannot read " + file, e);
                if (!fromTree) {
                    throw failure;
                }
                opts.progress().skipped(file, SkipKind.UNREADABLE, e instanceof NoSuchFileException ? "vanished while being read"
                        : failure.getMessage());
                return;
            }
        }
        if (!fromTree) {
            throw new VaultException(Failure.IO, file + " kept changing size while being read; not stored");
        }
        opts.progress().skipped(file, SkipKind.CHANGED_WHILE_READ, "kept changing size while being read; left out");
    }

    /** Reads one file's bytes into the new-data file; false (and nothing kept) when the stream held another size. */
    private boolean store(VaultEditor.Opener opener, long size, String vaultPath, String stamp) throws IOException {
        startData();
        byte[] fileId = bindChunks ? opts.random().nextBytes(16) : null;
        long written;
        try (InputStream in = opener.open()) {
            written = sealer.seal(in, size, fileId, added.channel(), addedLen, opts.progress());
        } catch (IOException | RuntimeException e) {
            added.channel().truncate(addedLen);
            throw e;
        }
        if (written < 0) {
            added.channel().truncate(addedLen);
            return false;
        }
        String key = "a" + regions.size();
        regions.put(key, new Region(true, addedLen, written, sealer.chunkCount(size), fileId));
        addedLen += written;
        tree.put(new Entry(vaultPath, size, stamp, false, List.of(key), null));
        filesAdded++;
        bytesIn += size;
        opts.progress().fileDone(vaultPath);
        return true;
    }

    private void startData() {
        if (added == null) {
            startNanos = System.nanoTime();
            added = AtomicFile.beside(target);
            sealer = new V2ChunkSealer(keys, cascade, chunkSize, opts.random());
        }
    }

    // ------------------------------------------------------------------ writing

    @Override
    public EditStats commit() {
        if (committed) {
            throw new IllegalStateException("already committed");
        }
        Map<String, Long> newOffsets = new HashMap<>();
        List<Move> moves = new ArrayList<>();
        List<Map.Entry<String, Region>> baseLive = new ArrayList<>();
        List<Map.Entry<String, Region>> addedLive = new ArrayList<>();
        for (String key : tree.liveChunkIds()) {
            Region r = regions.get(key);
            (r.added() ? addedLive : baseLive).add(Map.entry(key, r));
        }
        long dataLen = layout(addedLive, layout(baseLive, 0, moves, newOffsets), moves, newOffsets);
        List<V2ManifestWriter.Row> rows = new ArrayList<>();
        for (Entry e : tree.entries()) {
            if (e.isDir()) {
                rows.add(new V2ManifestWriter.Row(e.path(), 0, 0, 0, null, true, e.modified()));
            } else {
                String key = e.chunks().get(0);
                Region r = regions.get(key);
                rows.add(new V2ManifestWriter.Row(e.path(), e.size(), newOffsets.getOrDefault(key, dataLen), r.chunkCount(),
                        r.fileId(), false, e.modified()));
            }
        }
        byte[] manifest = V2ManifestWriter.seal(keys.siv, created, tree.touched() == null ? baseModified : tree.touched(), description, rows);
        long dataStart = V2Header.SIZE + 4L + manifest.length;
        try (VaultTempFile out = VaultTempFile.beside(target)) {
            out.writeAt(ByteBuffer.wrap(header), 0);
            byte[] len = new byte[4];
            LittleEndian.putInt(len, 0, manifest.length);
            out.writeAt(ByteBuffer.wrap(len), V2Header.SIZE);
            out.writeAt(ByteBuffer.wrap(manifest), V2Header.SIZE + 4);
            for (Move m : moves) {
                if (m.added()) {
                    RangeCopy.copy(FileSource.over(added.channel(), added.temp().toString()), m.from(), m.length(), out.channel(),
                            dataStart + m.to());
                } else {
                    RangeCopy.copy(base.file().source(), base.dataOffset() + m.from(), m.length(), out.channel(), dataStart + m.to());
                }
            }
            out.finish(dataStart + dataLen);
            out.publish(snapshot);
            committed = true;
            opts.progress().published(target);
        } catch (IOException e) {
            throw VaultException.io("cannot write " + target, e);
        }
        return new EditStats(filesAdded, bytesIn, addedLen, 0, System.nanoTime() - startNanos);
    }

    /**
     * Places {@code live} regions one after another from {@code pos}, in their old order, each
     * stretch of overlapping regions once (a copy shares its original's bytes); records the
     * moves and every region's new offset, and returns the end. Empty regions take the end of
     * the data section, as the reference gives an empty file the offset of the next chunk.
     */
    private static long layout(List<Map.Entry<String, Region>> live, long pos, List<Move> moves, Map<String, Long> at) {
        live.sort(Comparator.comparingLong(e -> e.getValue().offset()));
        boolean added = false;
        long start = -1;
        long end = -1;
        long placed = 0;
        for (Map.Entry<String, Region> e : live) {
            Region r = e.getValue();
            if (r.length() == 0) {
                continue;
            }
            added = r.added();
            if (r.offset() >= end) {
                if (end >= 0) {
                    moves.add(new Move(added, start, placed, end - start));
                }
                start = r.offset();
                end = r.end();
                placed = pos;
                pos += r.length();
            } else if (r.end() > end) {
                pos += r.end() - end;
                end = r.end();
            }
            at.put(e.getKey(), placed + (r.offset() - start));
        }
        if (end >= 0) {
            moves.add(new Move(added, start, placed, end - start));
        }
        return pos;
    }

    @Override
    public void close() {
        try {
            if (sealer != null) {
                sealer.close();
            }
            if (added != null) {
                added.close();
            }
        } finally {
            if (base != null) {
                base.close();
            } else {
                keys.close();
            }
            lock.close();
        }
    }
}

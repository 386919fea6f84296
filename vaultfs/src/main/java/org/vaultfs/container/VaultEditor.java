package org.vaultfs.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.chunking.ChunkBuffer;
import org.vaultfs.chunking.ChunkBufferPool;
import org.vaultfs.chunking.GearChunker;
import org.vaultfs.chunking.StreamingChunker;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.chunking.Hex;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.error.Failure;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;
import org.vaultfs.packing.SmallFilePack;

/**
 * A write session on one vault. Nothing touches the vault until {@link #commit()}: new blocks
 * stream into a temporary file beside it, which is fsynced and renamed over the vault only
 * when complete, so a crash leaves either the old vault or the new one. Holds the vault lock
 * from open to close. Not thread-safe (it parallelises internally).
 */
public final class VaultEditor implements AutoCloseable {
    private final Path target;
    private final EditOptions opts;
    private final VaultLock lock;
    private final VaultReader base;
    private final byte[] baseHeaderBytes;
    private final long baseFileLen;
    private final VaultHeader header;
    private final VaultKeys keys;
    private final Manifest manifest;
    private final List<ExtensionEntry> carriedExtensions = new ArrayList<>();
    private final List<String> removedLeftovers = new ArrayList<>();
    private final int level;
    private final CdcBounds bounds;
    /** Entries by path; a sorted map answers "has descendants" with one range query. */
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final TreeMap<String, PendingFile> pending = new TreeMap<>();
    private final Map<String, ChunkRecord> newChunks = new LinkedHashMap<>();
    /** When content work began: throughput excludes the password derivation before it. */
    private long startNanos = System.nanoTime();
    private Path temp;
    private FileChannel out;
    private DataSectionWriter data;
    private IngestPipeline pipeline;
    private AesGcmSiv aead;
    private byte[] chunkIdKey;
    private long filesAdded;
    private long bytesIn;
    private boolean removedSomething;
    private boolean committed;
    /** v4: parity extensions are recomputed on commit / the sidecar is rewritten after it. */
    private boolean embedParity;
    private boolean writeSidecar;

    private VaultEditor(Path target, EditOptions opts, VaultLock lock, VaultReader base, VaultHeader header,
                        VaultKeys keys, Manifest manifest) {
        this.target = target.toAbsolutePath();
        this.opts = opts;
        this.lock = lock;
        this.base = base;
        this.header = header;
        this.keys = keys;
        this.manifest = manifest;
        this.baseHeaderBytes = base == null ? null : base.header().toBytes();
        this.baseFileLen = base == null ? -1 : base.file().size();
        Integer l = manifest.wrappers.compression().level();
        this.level = l == null ? EditOptions.DEFAULT_LEVEL : l;
        AlgorithmSpec.Bounds b = manifest.wrappers.chunking().bounds();
        this.bounds = b == null ? CdcBounds.DEFAULT : CdcBounds.of(b.min(), b.avg(), b.max());
        for (Entry e : manifest.entries) {
            entries.put(e.path(), e);
        }
    }

    /** Starts a new, empty vault at {@code target}; it exists on disk only after commit. */
    public static VaultEditor create(Path requested, byte[] password, EditOptions opts) {
        Path target = RealTarget.of(requested);
        if (password.length < VaultKeys.MIN_PASSWORD_BYTES) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        if (Files.exists(requested, LinkOption.NOFOLLOW_LINKS) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + requested);
        }
        VaultLock lock = VaultLock.acquire(target);
        try {
            List<String> leftovers = removeStaleTemps(target);
            byte[] salt = opts.random().nextBytes(VaultHeader.SALT_LEN);
            byte[] baseKek = opts.kdf().derive(password, salt);
            VaultKeys keys = VaultKeys.generate(opts.random());
            VaultHeader h = new VaultHeader();
            keys.wrapInto(h, salt, baseKek);
            Wipe.zero(baseKek);
            Manifest m = new Manifest();
            m.created = Timestamps.now(opts.clock());
            m.modified = m.created;
            CdcBounds cb = CdcBounds.forLevel(opts.zstdLevel());
            m.wrappers = WrapperStack.standard(opts.zstdLevel(), new AlgorithmSpec.Bounds(cb.min(), cb.avg(), cb.max()));
            VaultEditor ed = new VaultEditor(target, opts, lock, null, h, keys, m);
            ed.removedLeftovers.addAll(leftovers);
            ed.applyErrorCorrectionOption();
            return ed;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Opens an existing vault for changes; fails with LOCKED if another writer holds it. */
    public static VaultEditor open(Path requested, byte[] password, EditOptions opts) {
        Path target = RealTarget.of(requested);
        VaultLock lock = VaultLock.acquire(target);
        VaultReader base = null;
        try {
            List<String> leftovers = removeStaleTemps(target);
            base = VaultReader.open(target, password, opts.kdf());
            if (base.header().isPlaintextLane()) {
                throw new VaultException(Failure.UNSUPPORTED_ALGORITHM, "editing unencrypted (crypt: none) vaults is not supported");
            }
            VaultHeader h = base.header().copy();
            VaultKeys keys = base.keys();
            Manifest m = copyOf(base.manifest());
            VaultEditor ed = new VaultEditor(target, opts, lock, base, h, keys, m);
            ed.removedLeftovers.addAll(leftovers);
            for (ExtensionEntry x : base.extensions()) {
                // Error-correction parity describes the old bytes; it is rebuilt, never carried stale.
                if (!x.extensionId().equals(ExtensionEntry.EC_DATA) && !x.extensionId().equals(ExtensionEntry.EC_METADATA)) {
                    ed.carriedExtensions.add(x);
                }
            }
            ed.embedParity = VaultParity.embeds(base.extensions());
            // A detached sidecar that exists is kept fresh: a stale one could only make repair fail.
            ed.writeSidecar = m.errorCorrectionPct != null && Files.exists(VaultParity.sidecarFor(ed.target));
            ed.applyErrorCorrectionOption();
            return ed;
        } catch (RuntimeException e) {
            if (base != null) {
                base.close();
            }
            lock.close();
            throw e;
        }
    }

    private void applyErrorCorrectionOption() {
        if (opts.ecPct() != null) {
            EcPlacement p = opts.ecPlacement() == null ? EcPlacement.EMBEDDED : opts.ecPlacement();
            manifest.errorCorrectionPct = opts.ecPct();
            embedParity = p.embeds();
            writeSidecar = p.writesSidecar();
        }
    }

    /** Whether the vault as opened carries embedded parity. */
    public boolean embedsParity() {
        return base != null && VaultParity.embeds(base.extensions());
    }

    /** Drops the embedded parity on commit (parity strip); a detached sidecar is kept fresh. */
    public void stripEmbeddedParity() {
        embedParity = false;
        writeSidecar = manifest.errorCorrectionPct != null && Files.exists(VaultParity.sidecarFor(target));
    }

    private static Manifest copyOf(Manifest src) {
        Manifest m = new Manifest();
        m.format = src.format;
        m.created = src.created;
        m.modified = src.modified;
        m.wrappers = src.wrappers;
        m.entries.addAll(src.entries);
        m.chunks.putAll(src.chunks);
        m.errorCorrectionPct = src.errorCorrectionPct;
        return m;
    }

    /** Removes what a killed writer of {@code target} left; returns the names removed, for the user to hear of. */
    static List<String> removeStaleTemps(Path target) {
        List<String> removed = new ArrayList<>();
        Path abs = target.toAbsolutePath();
        String vaultTemps = "." + abs.getFileName() + ".tmp-";
        String sidecarTemps = "." + VaultParity.sidecarFor(abs).getFileName() + ".tmp-";
        // Only a writer holding the lock gets here, so these are leftovers of a killed one.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(abs.getParent(),
                p -> p.getFileName().toString().startsWith(vaultTemps) || p.getFileName().toString().startsWith(sidecarTemps))) {
            for (Path p : ds) {
                if (Files.deleteIfExists(p)) {
                    removed.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // Leftovers of a killed writer only waste space; never block a new write on them.
        }
        return removed;
    }

    /** Temp files of an earlier, killed writer that opening this editor removed. */
    public List<String> removedLeftovers() {
        return List.copyOf(removedLeftovers);
    }

    public Manifest manifest() {
        return manifest;
    }

    private String now() {
        return Timestamps.now(opts.clock());
    }

    // ------------------------------------------------------------------ tree operations

    /** Creates a directory and any missing parents; false when it already existed. */
    public boolean mkdir(String path) {
        return mkdirAt(VaultPaths.normalize(path), now());
    }

    private boolean mkdirAt(String dir, String modified) {
        Entry existing = entryAt(dir);
        if (existing != null) {
            if (existing.isDir()) {
                return false;
            }
            throw new VaultException(Failure.CONFLICT, "a file already exists at " + VaultPaths.printable(dir));
        }
        if (pending.containsKey(dir)) {
            throw new VaultException(Failure.CONFLICT, "a file already exists at " + VaultPaths.printable(dir));
        }
        String parent = VaultPaths.parent(dir);
        if (!parent.isEmpty()) {
            mkdirAt(parent, now());
        }
        entries.put(dir, Entry.directory(dir, modified));
        manifest.modified = now();
        return true;
    }

    private Entry entryAt(String path) {
        return entries.get(path);
    }

    /** Keys below {@code dir}: every such key starts with dir + "/", a contiguous key range. */
    private static <V> SortedMap<String, V> below(TreeMap<String, V> map, String dir) {
        return map.subMap(dir + "/", dir + "0");
    }

    private boolean hasDescendants(String dir) {
        return !below(entries, dir).isEmpty() || !below(pending, dir).isEmpty();
    }

    /** Removes a file or directory (a non-empty one only when recursive); returns entries removed. */
    public int remove(String path, boolean recursive) {
        String p = VaultPaths.normalize(path);
        Entry e = entryAt(p);
        boolean dirLike = (e != null && e.isDir()) || (e == null && hasDescendants(p));
        if (e == null && !dirLike && !pending.containsKey(p)) {
            throw new VaultException(Failure.NOT_FOUND, "no such entry in vault: " + VaultPaths.printable(p));
        }
        if (dirLike && hasDescendants(p) && !recursive) {
            throw new VaultException(Failure.CONFLICT, "directory is not empty: " + VaultPaths.printable(p) + " (use -r)");
        }
        int before = entries.size() + pending.size();
        entries.remove(p);
        pending.remove(p);
        below(entries, p).clear();
        below(pending, p).clear();
        int removed = before - entries.size() - pending.size();
        removedSomething = true;
        manifest.modified = now();
        return removed;
    }

    /** Moves or renames a file or a directory subtree. */
    public void move(String from, String to) {
        relocate(from, to, false);
    }

    /**
     * Copies a file or a directory subtree (the reference's {@code copy}): the copies share the
     * originals' chunks, so no block is written and the vault grows by its manifest only.
     */
    public void copy(String from, String to) {
        relocate(from, to, true);
    }

    private void relocate(String from, String to, boolean keepSource) {
        String verb = keepSource ? "copy" : "move";
        String f = VaultPaths.normalize(from);
        String t = VaultPaths.normalize(to);
        Entry e = entryAt(f);
        boolean dirLike = (e != null && e.isDir()) || (e == null && hasDescendants(f));
        if (e == null && !dirLike) {
            throw new VaultException(Failure.NOT_FOUND, "no such entry in vault: " + VaultPaths.printable(f));
        }
        if (f.equals(t)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "cannot " + verb + " " + VaultPaths.printable(f) + " onto itself");
        }
        if (dirLike && VaultPaths.isDescendant(t, f)) {
            throw new VaultException(Failure.CONFLICT, "cannot " + verb + " a directory inside itself");
        }
        if (entryAt(t) != null || hasDescendants(t) || pending.containsKey(t)) {
            throw new VaultException(Failure.CONFLICT, "destination already exists: " + VaultPaths.printable(t));
        }
        requireNoFileAncestor(t);
        String parent = VaultPaths.parent(t);
        if (!parent.isEmpty()) {
            mkdirAt(parent, now());
        }
        String stamp = now();
        List<Entry> placed = new ArrayList<>();
        if (e != null) {
            // A copy keeps the original's mtime, as cp -p and the reference's copy do; a move is a change.
            placed.add(keepSource ? e.withPath(t, e.modified()) : e.withPath(t, stamp));
            if (!keepSource) {
                entries.remove(f);
            }
        }
        SortedMap<String, Entry> subtree = below(entries, f);
        for (Entry x : subtree.values()) {
            String p = t + x.path().substring(f.length());
            placed.add(keepSource ? x.withPath(p, x.modified()) : x.withPath(p, stamp));
        }
        if (!keepSource) {
            subtree.clear();
        }
        for (Entry x : placed) {
            entries.put(x.path(), x);
        }
        manifest.modified = stamp;
    }

    private void requireNoFileAncestor(String path) {
        for (String p = VaultPaths.parent(path); !p.isEmpty(); p = VaultPaths.parent(p)) {
            Entry e = entryAt(p);
            if ((e != null && !e.isDir()) || pending.containsKey(p)) {
                throw new VaultException(Failure.CONFLICT, "parent path is a file: " + VaultPaths.printable(p));
            }
        }
    }

    /** Re-wraps the keys under a new password; no block is touched. */
    public void changePassword(byte[] newPassword) {
        if (newPassword.length < VaultKeys.MIN_PASSWORD_BYTES) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        byte[] salt = opts.random().nextBytes(VaultHeader.SALT_LEN);
        byte[] baseKek = opts.kdf().derive(newPassword, salt);
        try {
            keys.wrapInto(header, salt, baseKek);
        } finally {
            Wipe.zero(baseKek);
        }
        manifest.modified = now();
    }

    // ------------------------------------------------------------------ adding content

    /** A file to add: where it is on disk and the vault path it gets. */
    public record Source(Path file, String vaultPath) {
    }

    /** Adds a directory tree; its contents land under {@code vaultPrefix} ("" = vault root). */
    public void addTree(Path sourceDir, String vaultPrefix) {
        String prefix = vaultPrefix == null || vaultPrefix.isBlank() ? "" : VaultPaths.normalize(vaultPrefix);
        SourceTree tree = SourceTree.scan(sourceDir, opts.progress(), opts.sourceFilter());
        if (!prefix.isEmpty()) {
            mkdirAt(prefix, now());
        }
        for (SourceTree.Dir d : tree.dirs()) {
            String p = VaultPaths.join(prefix, d.relativePath());
            mkdirAt(p, opts.sourceTimestamps() ? Timestamps.of(d.mtime()) : now());
        }
        List<Source> files = new ArrayList<>();
        for (SourceTree.File f : tree.files()) {
            if (!isOwnFile(f.path())) {
                files.add(new Source(f.path(), VaultPaths.join(prefix, f.relativePath())));
            }
        }
        addFiles(files, true);
    }

    /**
     * This write's own files (the vault itself, its lock, temp files and sidecar), met when the
     * source directory holds the vault (seal DIR -o DIR/v, add v .): never stored, as tar skips
     * its own archive.
     */
    private boolean isOwnFile(Path p) {
        String name = p.getFileName().toString();
        String vault = target.getFileName().toString();
        boolean ownName = name.equals(vault) || name.equals(vault + ".aerocorrect")
                || name.startsWith("." + vault + ".");
        if (!ownName) {
            return false;
        }
        try {
            return p.toAbsolutePath().getParent().toRealPath().equals(target.getParent());
        } catch (IOException e) {
            return false;
        }
    }

    public void addFile(Path source, String vaultPath) {
        addFiles(List.of(new Source(source, vaultPath)));
    }

    /**
     * Adds files as the reference does: large files in the given order through per-file CDC,
     * then all small files sorted by vault path through shared packs.
     */
    public void addFiles(List<Source> sources) {
        addFiles(sources, false);
    }

    /** {@code fromTree}: found by a walk, so one that cannot be read is reported and left out rather than failing the write. */
    private void addFiles(List<Source> sources, boolean fromTree) {
        startData();
        List<Source> small = new ArrayList<>();
        List<Source> normalized = new ArrayList<>();
        for (Source s : sources) {
            normalized.add(new Source(s.file(), VaultPaths.normalize(s.vaultPath())));
        }
        for (Source s : normalized) {
            try {
                BasicFileAttributes a = attributes(s.file());
                if (!a.isRegularFile()) {
                    throw new VaultException(Failure.INVALID_ARGUMENT, "not a regular file: " + s.file());
                }
                if (SmallFilePack.isSmall(a.size())) {
                    small.add(s);
                } else {
                    addLargeFile(s, a);
                }
            } catch (VaultException e) {
                skipOrThrow(fromTree, s, e);
            }
        }
        small.sort((x, y) -> PathOrder.compare(x.vaultPath(), y.vaultPath()));
        SmallFilePack pack = new SmallFilePack();
        byte[] buf = new byte[SmallFilePack.SMALL_FILE_THRESHOLD];
        for (Source s : small) {
            BasicFileAttributes a;
            int n;
            try {
                a = attributes(s.file());
                n = readSmall(s.file(), buf);
                if (n < 0) {
                    // Grew past the threshold since it was listed: take the per-file path instead.
                    addLargeFile(s, a);
                    continue;
                }
            } catch (VaultException e) {
                skipOrThrow(fromTree, s, e);
                continue;
            }
            if (n != a.size()) {
                opts.progress().skipped(s.file(), SkipKind.CHANGED_WHILE_READ, "changed while being read; stored as read");
            }
            prepareFileSlot(s.vaultPath());
            pack.add(s.vaultPath(), buf, n, stampFor(a));
            filesAdded++;
            bytesIn += n;
            opts.progress().advanced(n);
            opts.progress().fileDone(s.vaultPath());
            if (pack.full()) {
                flushPack(pack);
                pack = new SmallFilePack();
            }
        }
        if (!pack.isEmpty()) {
            flushPack(pack);
        }
        Wipe.zero(buf);
    }

    /**
     * An entry a tree walk found but that cannot be read (permission denied, vanished, an I/O
     * error) is reported and left out; a file the caller named fails the write.
     */
    private void skipOrThrow(boolean fromTree, Source s, VaultException e) {
        if (!fromTree || e.failure() != Failure.IO && e.failure() != Failure.NOT_FOUND) {
            throw e;
        }
        String reason = e.failure() == Failure.NOT_FOUND ? "vanished while being read"
                : e.getCause() instanceof IOException io ? SourceTree.describe(io) : e.getMessage();
        opts.progress().skipped(s.file(), SkipKind.UNREADABLE, reason);
    }

    private String stampFor(BasicFileAttributes a) {
        return opts.sourceTimestamps() ? Timestamps.of(a.lastModifiedTime()) : now();
    }

    private static java.nio.file.attribute.FileTime modifiedTimeNow(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // gone since: it changed
        }
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such file: " + p);
        } catch (IOException e) {
            throw VaultException.io("cannot stat " + p, e);
        }
    }

    /** Reads a small file whole; -1 if it is no longer small. */
    private static int readSmall(Path p, byte[] buf) {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            int n = in.readNBytes(buf, 0, buf.length);
            return n == buf.length ? -1 : n;
        } catch (IOException e) {
            throw VaultException.io("cannot read " + p, e);
        }
    }

    /** Makes room for a file at {@code path}: parents become directories, an old file is replaced. */
    private void prepareFileSlot(String path) {
        requireNoFileAncestor(path);
        String parent = VaultPaths.parent(path);
        if (!parent.isEmpty()) {
            mkdirAt(parent, now());
        }
        Entry existing = entryAt(path);
        if (existing != null && existing.isDir() || existing == null && hasDescendants(path)) {
            throw new VaultException(Failure.CONFLICT, "destination already exists as a directory: " + VaultPaths.printable(path));
        }
        if (existing != null) {
            entries.remove(path);
        }
        pending.remove(path);
        manifest.modified = now();
    }

    private void addLargeFile(Source s, BasicFileAttributes listed) {
        String modified = stampFor(listed);
        Entry replaced = entryAt(s.vaultPath());
        prepareFileSlot(s.vaultPath());
        ChunkBufferPool pool = StreamingChunker.newPool(bounds, StreamingChunker.DEFAULT_READ_SIZE, 4);
        List<CompletableFuture<String>> ids = new ArrayList<>();
        long size = 0;
        try (FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            StreamingChunker chunker = new StreamingChunker(ch, bounds, pool);
            ChunkBuffer c;
            while ((c = chunker.next()) != null) {
                ChunkBuffer chunk = c;
                size += chunk.length();
                ids.add(pipeline.submit(chunk.array(), 0, chunk.length(), pool.bufferCapacity(), chunk::release));
                opts.progress().advanced(chunk.length());
            }
        } catch (IOException e) {
            if (replaced != null) {
                entries.put(s.vaultPath(), replaced); // left out: the vault keeps what it had at this path
            }
            throw VaultException.io("cannot read " + s.file(), e);
        }
        if (size != listed.size() || !listed.lastModifiedTime().equals(modifiedTimeNow(s.file()))) {
            opts.progress().skipped(s.file(), SkipKind.CHANGED_WHILE_READ, "changed while being read; stored as read");
        }
        pending.put(s.vaultPath(), new PendingFile(s.vaultPath(), size, modified, ids, null));
        filesAdded++;
        bytesIn += size;
        opts.progress().fileDone(s.vaultPath());
    }

    private void flushPack(SmallFilePack pack) {
        byte[] bytes = pack.data();
        int[] cuts = GearChunker.cutPoints(bytes, 0, pack.length(), bounds);
        List<CompletableFuture<String>> ids = new ArrayList<>(cuts.length);
        int start = 0;
        for (int end : cuts) {
            ids.add(pipeline.submit(bytes, start, end - start, end - start, () -> { }));
            start = end;
        }
        for (SmallFilePack.Member m : pack.members()) {
            SmallFilePack.Cover c = SmallFilePack.cover(m, cuts);
            List<CompletableFuture<String>> covering = new ArrayList<>(ids.subList(c.firstChunk(), c.firstChunk() + c.chunkCount()));
            long offsetInFirst = c.offsetInFirst();
            pending.put(m.path(), new PendingFile(m.path(), m.length(), m.modified(), covering, offsetInFirst));
        }
    }

    // ------------------------------------------------------------------ writing

    private void startData() {
        if (out != null) {
            return;
        }
        startNanos = System.nanoTime();
        openTemp();
        long baseLen = 0;
        if (base != null) {
            baseLen = base.header().dataLen;
            transfer(base.file().channel(), base.header().dataOffset, baseLen, VaultHeader.SIZE);
        }
        data = new DataSectionWriter(out, VaultHeader.SIZE, baseLen);
        aead = new AesGcmSiv(keys.masterKey());
        chunkIdKey = keys.chunkIdKey();
        Set<String> existing = new HashSet<>(manifest.chunks.keySet());
        pipeline = new IngestPipeline(opts.threads(), chunkIdKey, new BlockEncoder(aead, level), opts.random(), data,
                newChunks, existing, manifest.nextBlockIndex(), opts.memoryBudget());
    }

    private void openTemp() {
        Path dir = target.getParent();
        String name = "." + target.getFileName() + ".tmp-" + Hex.encode(org.vaultfs.crypt.SecureRandomSource.INSTANCE.nextBytes(6));
        temp = dir.resolve(name);
        try {
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temp);
            }
            InterruptCleanup.register(temp);
            out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(Failure.CONFLICT, "temporary file already exists: " + temp);
        } catch (IOException e) {
            throw VaultException.io("cannot create a temporary file in " + dir, e);
        }
    }

    private void transfer(FileChannel src, long srcPos, long len, long dstPos) {
        try {
            long done = 0;
            while (done < len) {
                long n = src.transferTo(srcPos + done, len - done, out.position(dstPos + done));
                if (n <= 0) {
                    throw new VaultException(Failure.TRUNCATED, "vault ended while copying its data section");
                }
                done += n;
            }
        } catch (IOException e) {
            throw VaultException.io("cannot copy the data section", e);
        }
    }

    /** Writes the new vault beside the old one, fsyncs it, and renames it into place. */
    public EditStats commit() {
        if (committed) {
            throw new IllegalStateException("already committed");
        }
        long stored = 0;
        long dedup = 0;
        if (pipeline != null) {
            pipeline.finish();
            stored = pipeline.storedBytes();
            dedup = pipeline.dedupBytes();
            for (PendingFile p : pending.values()) {
                entries.put(p.path, p.resolve());
            }
            pending.clear();
            manifest.chunks.putAll(newChunks);
        } else {
            openTemp();
            writeBaseData();
        }
        manifest.entries.clear();
        manifest.entries.addAll(entries.values());
        manifest.sortEntries();
        long dataLen = data.length();
        byte[] json = ManifestJson.write(manifest);
        byte[] sealedManifest = ManifestCrypto.seal(keys, false, json, opts.random());
        Wipe.zero(json);
        List<ExtensionEntry> exts = new ArrayList<>();
        ByteBuffer payloads = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, carriedPayloadBytes()));
        long[] ecLen = embedParity ? VaultParity.embeddedLengths(manifest,
                VaultParity.streamLength(VaultParity.dataRegions(manifest, VaultHeader.SIZE, dataLen)), sealedManifest.length)
                : new long[2];
        if (embedParity) {
            exts.add(VaultParity.dataEntry(ecLen[0]));
        }
        for (ExtensionEntry x : carriedExtensions) {
            byte[] p = base.file().readExact(base.header().extensionPayloadOffset + x.offset(), x.length(), "extension " + VaultPaths.printable(x.extensionId()));
            exts.add(x.withSlice(ecLen[0] + payloads.position(), p.length));
            payloads.put(p);
        }
        if (embedParity) {
            exts.add(VaultParity.metadataEntry(ecLen[0] + payloads.position(), ecLen[1]));
        }
        byte[] extDir = ManifestJson.writeExtensions(exts);
        header.dataOffset = VaultHeader.SIZE;
        header.dataLen = dataLen;
        header.manifestOffset = VaultHeader.SIZE + dataLen;
        header.manifestLen = sealedManifest.length;
        header.extensionDirOffset = header.manifestOffset + header.manifestLen;
        header.extensionDirLen = extDir.length;
        header.extensionPayloadOffset = header.extensionDirOffset + extDir.length;
        header.extensionPayloadLen = ecLen[0] + payloads.position() + ecLen[1];
        header.seal(keys.macKey());
        AtomicFile sidecarOut = writeSidecar ? AtomicFile.beside(VaultParity.sidecarFor(target)) : null;
        try {
            writeAt(ByteBuffer.wrap(sealedManifest), header.manifestOffset);
            writeAt(ByteBuffer.wrap(extDir), header.extensionDirOffset);
            writeAt(payloads.flip(), header.extensionPayloadOffset + ecLen[0]);
            if (embedParity) {
                VaultParity.writeEmbedded(out, this::sinkWrite, header, manifest, sealedManifest, exts, opts.threads());
            }
            writeAt(ByteBuffer.wrap(header.toBytes()), 0);
            out.truncate(header.extensionPayloadOffset + header.extensionPayloadLen);
            out.force(true);
            out.close();
            if (sidecarOut != null) {
                // Complete and durable before the vault is published: vault and sidecar change together or not at all.
                VaultParity.writeSidecar(temp, header, manifest, sidecarOut, opts.threads());
                sidecarOut.flush();
            }
            requireBaseUnchanged();
            if (base != null) {
                AtomicFile.copyAccess(target, temp);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
            InterruptCleanup.done(temp);
            fsyncDirectory(target.getParent());
            opts.progress().published(target);
            if (sidecarOut != null) {
                publishSidecar(sidecarOut);
            }
        } catch (IOException e) {
            throw VaultException.io("cannot write " + target, e);
        } finally {
            if (sidecarOut != null) {
                sidecarOut.close();
            }
        }
        return new EditStats(filesAdded, bytesIn, stored, dedup, System.nanoTime() - startNanos);
    }

    /** The one step that can leave the pair inconsistent: the message names which file is behind. */
    private void publishSidecar(AtomicFile sidecarOut) {
        try {
            sidecarOut.commit();
        } catch (VaultException e) {
            throw new VaultException(Failure.IO, target + " was updated, but its sidecar " + VaultParity.sidecarFor(target)
                    + " could not be replaced and is stale (" + e.getMessage() + "); run 'vault repair " + target + "'");
        }
    }

    private long carriedPayloadBytes() {
        long n = 0;
        for (ExtensionEntry x : carriedExtensions) {
            n += x.length();
        }
        return n;
    }

    /** Copies the base data section, dropping blocks no entry references any more. */
    private void writeBaseData() {
        if (base == null) {
            data = new DataSectionWriter(out, VaultHeader.SIZE, 0);
            return;
        }
        Set<String> live = new HashSet<>();
        for (Entry e : entries.values()) {
            live.addAll(e.chunks());
        }
        if (!removedSomething || live.containsAll(manifest.chunks.keySet())) {
            long len = base.header().dataLen;
            transfer(base.file().channel(), base.header().dataOffset, len, VaultHeader.SIZE);
            data = new DataSectionWriter(out, VaultHeader.SIZE, len);
            return;
        }
        // Compaction keeps block order (and so block indexes and AADs) and only moves offsets.
        List<ChunkRecord> keep = new ArrayList<>();
        for (ChunkRecord r : manifest.chunks.values()) {
            if (live.contains(r.id())) {
                keep.add(r);
            }
        }
        keep.sort((a, b) -> Long.compare(a.blockIndex(), b.blockIndex()));
        manifest.chunks.clear();
        long pos = 0;
        for (ChunkRecord r : keep) {
            byte[] prefix = base.file().readExact(base.header().dataOffset + r.dataOffset(), 8, "block length prefix");
            if (LittleEndian.getLong(prefix, 0) != r.blockLen()) {
                throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " length prefix is damaged; run vault verify");
            }
            transfer(base.file().channel(), base.header().dataOffset + r.dataOffset(), r.recordLen(), VaultHeader.SIZE + pos);
            manifest.chunks.put(r.id(), r.withDataOffset(pos));
            pos += r.recordLen();
        }
        data = new DataSectionWriter(out, VaultHeader.SIZE, pos);
    }

    private void sinkWrite(long pos, byte[] src, int off, int len) {
        try {
            writeAt(ByteBuffer.wrap(src, off, len), pos);
        } catch (IOException e) {
            throw VaultException.io("cannot write " + temp, e);
        }
    }

    private void writeAt(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += out.write(b, pos);
        }
    }

    /** Refuses to replace a vault that another (non-vaultfs) writer changed since we opened it. */
    private void requireBaseUnchanged() throws IOException {
        if (base == null) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new VaultException(Failure.CONFLICT, "refusing to overwrite " + target + ", created meanwhile");
            }
            return;
        }
        byte[] now = new byte[VaultHeader.SIZE];
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(now);
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // keep reading
            }
            if (ch.size() != baseFileLen || !java.util.Arrays.equals(now, baseHeaderBytes)) {
                throw new VaultException(Failure.CONFLICT, "vault changed on disk while this write was in progress; nothing was written");
            }
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some filesystems refuse directory fsync; the rename itself has already happened.
        }
    }

    /** Discards everything not committed, removes the temporary file and releases the lock. */
    @Override
    public void close() {
        try {
            if (pipeline != null) {
                pipeline.close();
            }
            if (out != null && out.isOpen()) {
                out.close();
            }
            if (!committed && temp != null) {
                Files.deleteIfExists(temp);
                InterruptCleanup.done(temp);
            }
        } catch (IOException e) {
            // Best effort: the lock release below must still happen.
        } finally {
            if (aead != null) {
                aead.destroy();
            }
            Wipe.zero(chunkIdKey);
            if (base != null) {
                base.close();
            } else {
                keys.close();
            }
            lock.close();
        }
    }
}

package org.vaultfs.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.chunking.ChunkBuffer;
import org.vaultfs.chunking.ChunkBufferPool;
import org.vaultfs.chunking.GearChunker;
import org.vaultfs.chunking.StreamingChunker;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;
import org.vaultfs.metadata.NodeCapture;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.metadata.NodeStat;
import org.vaultfs.metadata.TreeMetadata;
import org.vaultfs.packing.SmallFilePack;

/**
 * Reads source files into an edit the way the reference orders the work (SPEC.md §8.4):
 * large files in the given order through per-file CDC, then every small file sorted by vault
 * path through shared packs. Chunks go to the ingest pipeline; the files become pending
 * entries of the tree until their chunk ids are known.
 */
final class SourceIngest {
    private final EntryTree tree;
    private final EditOptions opts;
    private final CdcBounds bounds;
    private final Path target;
    private final Supplier<IngestPipeline> pipeline;
    private final Supplier<String> now;
    private final TreeMetadata metadata;
    /** Null when the edit records no metadata (--no-metadata, or a lineage without the extension). */
    private final NodeCapture capture;
    // Chunk buffers and pack arrays live until their chunks are written, long enough to be
    // promoted; fresh ones per file or pack filled the old generation (full collections every
    // few hundred MiB sealed). One pool of arrays serves both, so they stay put and number
    // what the byte budget lets fly, whichever kind of source is being read.
    private final ChunkBufferPool buffers;
    private long filesAdded;
    private long bytesIn;
    private long specialsRecorded;

    /**
     * @param target the vault being written, whose own files a tree walk never stores
     * @param pipeline started on first use: an edit that adds nothing writes no blocks
     */
    SourceIngest(EntryTree tree, TreeMetadata metadata, EditOptions opts, CdcBounds bounds, Path target,
                 Supplier<IngestPipeline> pipeline, Supplier<String> now) {
        this.tree = tree;
        this.metadata = metadata;
        this.capture = opts.metadata().records()
                ? new NodeCapture(opts.metadata() == MetadataCapture.ALL, metadata.maxLinkGroup()) : null;
        this.opts = opts;
        this.bounds = bounds;
        int bufferLen = Math.max(bounds.max() + StreamingChunker.DEFAULT_READ_SIZE, SmallFilePack.CAPACITY);
        int inFlight = (int) Math.min(64, opts.memoryBudget() / bufferLen + 2);
        this.buffers = new ChunkBufferPool(bufferLen, Math.max(4, inFlight));
        this.target = target;
        this.pipeline = pipeline;
        this.now = now;
    }

    long filesAdded() {
        return filesAdded;
    }

    long bytesIn() {
        return bytesIn;
    }

    long specialsRecorded() {
        return specialsRecorded;
    }

    /**
     * Adds a directory tree; its contents land under {@code prefix} ("" = vault root,
     * normalized). The tree is walked on another thread and its large files read as the walk
     * finds them, in the order a finished walk would give them ({@link BackgroundSourceWalk}).
     */
    void addTree(Path sourceDir, String prefix) {
        pipeline.get();
        List<SmallSource> small = new ArrayList<>();
        SourceTree walk;
        try (BackgroundSourceWalk w = BackgroundSourceWalk.start(sourceDir, opts.sourceFilter(), capture != null)) {
            if (!prefix.isEmpty()) {
                tree.mkdir(prefix, now.get());
                record(sourceDir, prefix);
            }
            for (Object find; (find = w.next()) != null; ) {
                if (find instanceof SourceTree.File f) {
                    if (target == null || !f.isOwnFileOf(target)) {
                        String p = VaultPaths.normalize(VaultPaths.join(prefix, f.relativePath()));
                        addOrHold(new VaultEditor.Source(f.path(), p), f.stat(), small, true);
                    }
                } else if (find instanceof SourceTree.Dir d) {
                    String p = VaultPaths.join(prefix, d.relativePath());
                    tree.mkdir(p, opts.sourceTimestamps() ? Timestamps.of(d.mtime()) : now.get());
                    record(sourceDir.resolve(d.relativePath()), p, d.stat());
                } else {
                    BackgroundSourceWalk.Skipped s = (BackgroundSourceWalk.Skipped) find;
                    opts.progress().skipped(s.path(), s.kind(), s.reason());
                }
            }
            walk = w.tree();
        }
        for (SourceTree.File f : walk.specials()) {
            addSpecial(f.path(), VaultPaths.join(prefix, f.relativePath()));
        }
        small.sort((x, y) -> PathOrder.compare(x.source().vaultPath(), y.source().vaultPath()));
        addSmallFiles(small, true);
    }

    /** Records what {@code source} holds beyond its bytes at {@code vaultPath}, when this edit records metadata. */
    private void record(Path source, String vaultPath) {
        record(source, vaultPath, null);
    }

    /** As {@link #record(Path, String)}, from {@code unix} (a stat of {@code source}) when the caller has one. */
    private void record(Path source, String vaultPath, NodeStat unix) {
        if (capture == null) {
            return;
        }
        try {
            NodeMetadata m = unix != null ? capture.read(source, unix) : capture.read(source);
            if (m != null) {
                metadata.put(vaultPath, m);
            }
        } catch (IOException e) {
            // Unreadable attributes: the entry is stored as the reference would store it.
        }
    }

    /**
     * A symlink, FIFO or device node found by a walk: kept in the metadata only (the reference
     * sees no entry). It replaces a file at that path, as an added file does; a socket is skipped.
     */
    private void addSpecial(Path source, String vaultPath) {
        NodeMetadata m;
        try {
            m = capture.read(source);
        } catch (IOException e) {
            opts.progress().skipped(source, SkipKind.UNREADABLE, SourceTree.describe(e));
            return;
        }
        if (m == null) {
            opts.progress().skipped(source, SkipKind.SPECIAL_FILE, "socket");
            return;
        }
        Entry existing = tree.get(vaultPath);
        if (existing != null && existing.isDir()) {
            opts.progress().skipped(source, SkipKind.SPECIAL_FILE, "a directory of the vault has its name");
            return;
        }
        if (existing != null) {
            tree.remove(vaultPath, false);
        }
        metadata.put(vaultPath, m);
        specialsRecorded++;
        tree.touch(now.get());
        opts.progress().fileDone(vaultPath);
    }

    /** {@code fromTree}: found by a walk, so one that cannot be read is reported and left out rather than failing the write. */
    void addFiles(List<VaultEditor.Source> sources, boolean fromTree) {
        pipeline.get();
        List<SmallSource> small = new ArrayList<>();
        List<VaultEditor.Source> normalized = new ArrayList<>();
        for (VaultEditor.Source s : sources) {
            normalized.add(new VaultEditor.Source(s.file(), VaultPaths.normalize(s.vaultPath())));
        }
        for (VaultEditor.Source s : normalized) {
            addOrHold(s, null, small, fromTree);
        }
        small.sort((x, y) -> PathOrder.compare(x.source().vaultPath(), y.source().vaultPath()));
        addSmallFiles(small, fromTree);
    }

    /**
     * Reads {@code s} at once when it is large; a small one is added to {@code small}, to be
     * packed with the others once all are known. {@code walked}: its lstat from a walk, or null.
     */
    private void addOrHold(VaultEditor.Source s, NodeStat walked, List<SmallSource> small, boolean fromTree) {
        try {
            Listed a = walked != null ? Listed.of(walked) : listed(s.file());
            if (!a.regularFile()) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "not a regular file: " + s.file());
            }
            record(s.file(), s.vaultPath(), a.unix());
            if (SmallFilePack.isSmall(a.size())) {
                small.add(new SmallSource(s, a));
            } else {
                addLargeFile(s, a);
            }
        } catch (VaultException e) {
            skipOrThrow(fromTree, s, e);
        }
    }

    /** A small file to pack, and its listing, whose size and time stand for the file's when it is read. */
    private record SmallSource(VaultEditor.Source source, Listed listed) {
    }

    private void addSmallFiles(List<SmallSource> smallFiles, boolean fromTree) {
        SmallFilePack pack = new SmallFilePack(buffers.takeArray());
        List<Path> paths = new ArrayList<>(smallFiles.size());
        long[] sizes = new long[smallFiles.size()];
        for (SmallSource s : smallFiles) {
            sizes[paths.size()] = s.listed().size();
            paths.add(s.source().file());
        }
        SmallFileReadAhead.Reader reader = new SmallFileReadAhead.Reader() {
            @Override
            public BasicFileAttributes attributes(int index, Path p) {
                return new ListedAttributes(smallFiles.get(index).listed());
            }

            @Override
            public int read(Path p, java.nio.ByteBuffer buffer, int offset, int cap) {
                return readUpTo(p, buffer, offset, cap);
            }
        };
        try (SmallFileReadAhead ahead = new SmallFileReadAhead(paths, sizes, reader)) {
            for (SmallSource listedSource : smallFiles) {
                VaultEditor.Source s = listedSource.source();
                SmallFileReadAhead.Read r = ahead.next();
                try {
                    if (r.failure() != null) {
                        skipOrThrow(fromTree, s, r.failure());
                        continue;
                    }
                    if (r.length() < 0) {
                        // Grew past the threshold since it was listed: take the per-file path instead.
                        try {
                            addLargeFile(s, Listed.of(r.attributes()));
                        } catch (VaultException e) {
                            skipOrThrow(fromTree, s, e);
                        }
                        continue;
                    }
                    if (r.length() != r.attributes().size()) {
                        opts.progress().skipped(s.file(), SkipKind.CHANGED_WHILE_READ,
                                "changed while being read; stored as read");
                    }
                    tree.prepareFileSlot(s.vaultPath());
                    pack.add(s.vaultPath(), r.buffer(), r.offset(), r.length(), stampFor(r.attributes().lastModifiedTime()));
                    pack = packed(pack, s.vaultPath(), r.length());
                } finally {
                    ahead.release(r);
                }
            }
        }
        if (!pack.isEmpty()) {
            flushPack(pack);
        } else {
            buffers.giveArray(pack.data());
        }
    }

    /** Adds one small file's bytes to {@code pack}; returns the pack to continue with (a fresh one once full). */
    private SmallFilePack packOne(SmallFilePack pack, String vaultPath, byte[] buf, int n, String modified) {
        tree.prepareFileSlot(vaultPath);
        pack.add(vaultPath, buf, n, modified);
        return packed(pack, vaultPath, n);
    }

    /** Counts a file just added to {@code pack}; returns the pack to continue with (a fresh one once full). */
    private SmallFilePack packed(SmallFilePack pack, String vaultPath, int n) {
        filesAdded++;
        bytesIn += n;
        opts.progress().advanced(n);
        opts.progress().fileDone(vaultPath);
        if (pack.full()) {
            flushPack(pack);
            return new SmallFilePack(buffers.takeArray());
        }
        return pack;
    }

    /**
     * Adds files read from streams (another vault's entries, for a conversion) in the order the
     * reference adds files: large ones in the given order through per-file CDC, then small ones
     * sorted by path through shared packs. A stream that ends early or runs long is MALFORMED:
     * its source said another size.
     */
    void addStreams(List<VaultEditor.StreamSource> sources) {
        pipeline.get();
        List<VaultEditor.StreamSource> small = new ArrayList<>();
        for (VaultEditor.StreamSource s : sources) {
            VaultPaths.requireCanonical(s.vaultPath());
            if (SmallFilePack.isSmall(s.size())) {
                small.add(s);
                continue;
            }
            Entry replaced = tree.prepareFileSlot(s.vaultPath());
            List<CompletableFuture<String>> ids = new ArrayList<>();
            try (InputStream in = s.open()) {
                long size = chunkInto(Channels.newChannel(in), ids);
                if (size != s.size()) {
                    throw new VaultException(Failure.MALFORMED, VaultPaths.printable(s.vaultPath()) + " held " + size
                            + " bytes, not the " + s.size() + " its source listed");
                }
                pending(s.vaultPath(), size, s.modified(), ids);
            } catch (IOException e) {
                tree.restore(replaced);
                throw VaultException.io("cannot read " + VaultPaths.printable(s.vaultPath()), e);
            }
        }
        small.sort((x, y) -> PathOrder.compare(x.vaultPath(), y.vaultPath()));
        SmallFilePack pack = new SmallFilePack(buffers.takeArray());
        byte[] buf = new byte[SmallFilePack.SMALL_FILE_THRESHOLD];
        for (VaultEditor.StreamSource s : small) {
            int n;
            try (InputStream in = s.open()) {
                n = in.readNBytes(buf, 0, buf.length);
                if (n != s.size() || in.read() >= 0) {
                    throw new VaultException(Failure.MALFORMED, VaultPaths.printable(s.vaultPath())
                            + " does not hold the " + s.size() + " bytes its source listed");
                }
            } catch (IOException e) {
                throw VaultException.io("cannot read " + VaultPaths.printable(s.vaultPath()), e);
            }
            pack = packOne(pack, s.vaultPath(), buf, n, s.modified());
        }
        if (!pack.isEmpty()) {
            flushPack(pack);
        } else {
            buffers.giveArray(pack.data());
        }
        Wipe.zero(buf);
    }

    /** Cuts {@code in} into chunks for the pipeline, their ids into {@code ids}; returns the bytes read. */
    private long chunkInto(ReadableByteChannel in, List<CompletableFuture<String>> ids) throws IOException {
        long size = 0;
        StreamingChunker chunker = new StreamingChunker(in, bounds, buffers);
        ChunkBuffer c;
        while ((c = chunker.next()) != null) {
            ChunkBuffer buffer = c;
            size += buffer.length();
            ids.add(pipeline.get().submit(buffer.array(), 0, buffer.length(), buffers.bufferCapacity(), buffer::release));
            opts.progress().advanced(buffer.length());
        }
        return size;
    }

    /** Records a chunked file as pending until its ids are known, and counts it. */
    private void pending(String vaultPath, long size, String modified, List<CompletableFuture<String>> ids) {
        tree.putPending(new PendingFile(vaultPath, size, modified, ids, null));
        filesAdded++;
        bytesIn += size;
        opts.progress().fileDone(vaultPath);
    }

    /**
     * An entry a tree walk found but that cannot be read (permission denied, vanished, an I/O
     * error) is reported and left out; a file the caller named fails the write.
     */
    private void skipOrThrow(boolean fromTree, VaultEditor.Source s, VaultException e) {
        if (!fromTree || e.failure() != Failure.IO && e.failure() != Failure.NOT_FOUND) {
            throw e;
        }
        // Only a source that cannot be read is skipped: a failure to write the vault (a full
        // disk, an upload stopped by Ctrl-C) ends the edit, it is not every later file's fault.
        if (pipeline.get().failed() || InterruptCleanup.stopping()) {
            throw e;
        }
        String reason = e.failure() == Failure.NOT_FOUND ? "vanished while being read"
                : e.getCause() instanceof IOException io ? SourceTree.describe(io) : e.getMessage();
        opts.progress().skipped(s.file(), SkipKind.UNREADABLE, reason);
    }

    private String stampFor(FileTime modified) {
        return opts.sourceTimestamps() ? Timestamps.of(modified) : now.get();
    }

    /** A listing where the read-ahead asks for a file's attributes: the file is not stat'ed again to be read. */
    private record ListedAttributes(Listed listed) implements BasicFileAttributes {
        @Override
        public FileTime lastModifiedTime() {
            return listed.modified();
        }

        @Override
        public FileTime lastAccessTime() {
            return listed.modified();
        }

        @Override
        public FileTime creationTime() {
            return listed.modified();
        }

        @Override
        public boolean isRegularFile() {
            return listed.regularFile();
        }

        @Override
        public boolean isDirectory() {
            return false;
        }

        @Override
        public boolean isSymbolicLink() {
            return false;
        }

        @Override
        public boolean isOther() {
            return !listed.regularFile();
        }

        @Override
        public long size() {
            return listed.size();
        }

        @Override
        public Object fileKey() {
            return null;
        }
    }

    /**
     * A file as listed before it is read: kind, size and time, and, when this edit records
     * metadata, the unix attributes of the same stat ({@link NodeCapture#stat}), so a file is
     * not stat'ed once for its size and again for its owner and mode.
     */
    private record Listed(boolean regularFile, long size, FileTime modified, NodeStat unix) {
        static Listed of(BasicFileAttributes a) {
            return new Listed(a.isRegularFile(), a.size(), a.lastModifiedTime(), null);
        }

        static Listed of(NodeStat st) {
            return new Listed(st.isRegularFile(), st.size(), st.modified(), st);
        }
    }

    private Listed listed(Path p) {
        if (capture == null) {
            return Listed.of(attributes(p));
        }
        return Listed.of(stat(p, NodeCapture::stat));
    }

    /** One stat of {@code p}, its failure as the edit reports it: a vanished file NOT_FOUND, anything else IO. */
    private interface Stat<T> {
        T of(Path p) throws IOException;
    }

    private static <T> T stat(Path p, Stat<T> stat) {
        try {
            return stat.of(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such file: " + p);
        } catch (IOException e) {
            throw VaultException.io("cannot stat " + p, e);
        }
    }

    private static FileTime modifiedTimeNow(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null; // gone since: it changed
        }
    }

    private static BasicFileAttributes attributes(Path p) {
        return stat(p, q -> Files.readAttributes(q, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    /** Reads up to {@code cap} bytes of a small file into the direct {@code buf} from {@code offset}: the count ({@code cap} if it holds that many). */
    private static int readUpTo(Path p, java.nio.ByteBuffer buf, int offset, int cap) {
        if (NativeFileRead.available()) {
            int n = NativeFileRead.read(p, buf, offset, cap);
            if (n >= 0) {
                return n;
            }
            if (n == NativeFileRead.NOT_REGULAR) {
                throw VaultException.io("cannot read " + p, new FileSystemException(p.toString(), null, "no longer a regular file"));
            }
            // Any other failure is read again the JDK's way, which reports it in its own words.
        }
        byte[] read = null;
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            read = in.readNBytes(cap);
            buf.put(offset, read);
            return read.length;
        } catch (IOException e) {
            throw VaultException.io("cannot read " + p, e);
        } finally {
            if (read != null) {
                Wipe.zero(read);
            }
        }
    }

    private void addLargeFile(VaultEditor.Source s, Listed listed) {
        String modified = stampFor(listed.modified());
        Entry replaced = tree.prepareFileSlot(s.vaultPath());
        List<CompletableFuture<String>> ids = new ArrayList<>();
        long size;
        try (ReadableByteChannel ch = DropBehindChannel.over(
                FileChannel.open(s.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), s.file())) {
            size = chunkInto(ch, ids);
        } catch (IOException e) {
            tree.restore(replaced); // left out: the vault keeps what it had at this path
            throw VaultException.io("cannot read " + s.file(), e);
        }
        if (size != listed.size() || !listed.modified().equals(modifiedTimeNow(s.file()))) {
            opts.progress().skipped(s.file(), SkipKind.CHANGED_WHILE_READ, "changed while being read; stored as read");
        }
        pending(s.vaultPath(), size, modified, ids);
    }

    private void flushPack(SmallFilePack pack) {
        byte[] bytes = pack.data();
        int[] cuts = GearChunker.cutPoints(bytes, 0, pack.length(), bounds);
        List<CompletableFuture<String>> ids = new ArrayList<>(cuts.length);
        AtomicInteger unwritten = new AtomicInteger(cuts.length);
        Runnable written = () -> {
            if (unwritten.decrementAndGet() == 0) {
                buffers.giveArray(bytes);
            }
        };
        if (cuts.length == 0) {
            buffers.giveArray(bytes);
        }
        int start = 0;
        for (int end : cuts) {
            ids.add(pipeline.get().submit(bytes, start, end - start, end - start, written));
            start = end;
        }
        for (SmallFilePack.Member m : pack.members()) {
            SmallFilePack.Cover c = SmallFilePack.cover(m, cuts);
            List<CompletableFuture<String>> covering = new ArrayList<>(ids.subList(c.firstChunk(), c.firstChunk() + c.chunkCount()));
            tree.putPending(new PendingFile(m.path(), m.length(), m.modified(), covering, c.offsetInFirst()));
        }
    }
}

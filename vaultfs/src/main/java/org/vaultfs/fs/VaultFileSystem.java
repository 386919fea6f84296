package org.vaultfs.fs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.ContainerReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.event.VaultListener;

/**
 * The read-only filesystem view of an open vault, free of FUSE types: the tree, open-file
 * handles, and reads served from a shared cache of decoded chunks. Plaintext lives only in
 * memory. Owns the reader and closes it.
 */
public final class VaultFileSystem implements AutoCloseable {
    private final ContainerReader reader;
    private final VaultTree tree;
    private final ChunkSource source;
    private final ChunkCache cache;
    private final ReadAhead readAhead;
    private final Preverifier preverifier;
    private final DamageReporter damage;
    private final VaultListener listener;
    private final Map<Long, OpenFile> handles = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    VaultFileSystem(ContainerReader reader, ChunkSource source, long cacheBytes, VaultListener listener) {
        this(reader, source, cacheBytes, listener, org.vaultfs.metadata.TreeMetadata.empty());
    }

    VaultFileSystem(ContainerReader reader, ChunkSource source, long cacheBytes, VaultListener listener,
                    org.vaultfs.metadata.TreeMetadata metadata) {
        this.reader = reader;
        long rootMtime = ManifestTime.epochSeconds(reader.modified(), 0);
        this.tree = VaultTree.build(reader.entries(), rootMtime, metadata);
        this.source = source;
        this.cache = new ChunkCache(source, cacheBytes);
        DiskHints disk = reader.localPath().<DiskHints>map(DiskPrefetch::open).orElse(DiskHints.NONE);
        this.readAhead = new ReadAhead(cache, ReadAhead.Tuning.forCores(Runtime.getRuntime().availableProcessors()), disk, reader.dataOffset());
        this.preverifier = new Preverifier(cache, disk, reader.dataOffset()); // closed before readAhead, which closes disk
        this.damage = new DamageReporter(listener);
        this.listener = listener;
    }

    /** Whether the vault's bytes come from a local file (false: object storage, where a read waits on the network). */
    public boolean readsLocalFile() {
        return reader.localPath().isPresent();
    }

    /** Where this filesystem's events go; its adapters (FUSE) report theirs there too. */
    public VaultListener listener() {
        return listener;
    }

    public VaultTree tree() {
        return tree;
    }

    public ChunkCache cache() {
        return cache;
    }

    /** The node at a FUSE path ("/" or "/a/b"), or null. */
    public FsNode lookup(String fusePath) {
        return tree.lookup(fusePath);
    }

    /** Chunks authenticated in the background for random readers (observability and tests). */
    public long preverifiedChunks() {
        return preverifier.verifiedChunks();
    }

    /** Chunks with kept checkpoints whose stored bytes a background pass hinted in (observability and tests). */
    public long prefetchedSegmentChunks() {
        return preverifier.hintedChunks();
    }

    /** Opens a file for reading and returns its handle number (never 0). */
    public long open(FileNode node) {
        long fh = nextHandle.getAndIncrement();
        handles.put(fh, new OpenFile(node, reader.layout(node.entry())));
        return fh;
    }

    /** The open file for a handle number, or null if it was never opened or already released. */
    public OpenFile handle(long fh) {
        return handles.get(fh);
    }

    public void release(long fh) {
        handles.remove(fh);
    }

    public int openHandleCount() {
        return handles.size();
    }

    /** Reads through an open handle; sequential access starts background decode of the next chunks. */
    public int read(OpenFile file, long offset, ByteSink sink, int len) {
        long avail = offset < 0 ? 0 : Math.max(0, Math.min(len, file.node().size() - offset));
        boolean sequential = avail > 0 && file.pattern().record(offset, avail);
        int n = copy(file.node(), file.layout(), offset, sink, len, !sequential);
        if (n > 0) {
            if (sequential) {
                readAhead.after(file.layout(), file.layout().chunkAt(offset + n - 1));
            } else {
                preverifier.randomReadOf(file);
            }
        }
        return n;
    }

    /** Reads without a handle (no read-ahead): up to {@code len} bytes at {@code offset}; 0 at or past EOF. */
    public int read(FileNode node, long offset, byte[] buf, int len) {
        return copy(node, reader.layout(node.entry()), offset, ByteSink.of(buf), Math.min(len, buf.length), false);
    }

    /**
     * Copies [offset, min(offset+len, size)) from the covering chunks. All or nothing: FUSE
     * treats a short read as end of file and would zero-fill the rest, so a damaged chunk
     * anywhere in the range fails the whole request.
     */
    private int copy(FileNode node, EntryLayout layout, long offset, ByteSink sink, int len, boolean random) {
        long size = node.size();
        if (offset < 0) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "negative read offset " + offset);
        }
        if (len <= 0 || offset >= size) {
            return 0;
        }
        long end = Math.min(size, offset + len);
        int i = layout.chunkAt(offset);
        long pos = offset;
        while (pos < end) {
            ChunkRecord chunk = layout.chunk(i);
            if (chunk.plaintextLen() == 0) {
                i++; // an empty chunk holds no byte of the range
                continue;
            }
            long inChunk = pos - layout.chunkStartInFile(i);
            int n = (int) Math.min(end - pos, chunk.plaintextLen() - inChunk);
            if (inChunk < 0 || n <= 0) {
                throw new VaultException(Failure.MALFORMED, "chunk " + chunk.id() + " is shorter than the manifest says for "
                        + node.path());
            }
            read(node, chunk, inChunk, n, sink, (int) (pos - offset), random);
            pos += n;
            i++;
        }
        return (int) (end - offset);
    }

    private void read(FileNode node, ChunkRecord chunk, long inChunk, int n, ByteSink sink, int sinkOffset, boolean random) {
        try {
            cache.read(chunk, inChunk, n, sink, sinkOffset, random);
        } catch (VaultException e) {
            damage.report(node, chunk, e);
            throw e;
        }
    }

    @Override
    public void close() {
        handles.clear();
        preverifier.close();
        readAhead.close();
        cache.close();
        source.close();
        reader.close();
    }
}

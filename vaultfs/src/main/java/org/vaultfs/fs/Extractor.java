package org.vaultfs.fs;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.vaultfs.container.Entry;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.container.ContainerReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.metadata.TreeMetadata;

/**
 * Extracts all or part of an unlocked vault into a directory. File bytes are streamed one
 * block at a time; every filesystem write goes through {@link ExtractTarget}, which refuses
 * to leave the target directory. A failure aborts (files already extracted stay, like tar),
 * unless salvage mode is on, in which case a file whose vault data cannot be read back is
 * skipped and reported while extraction continues. Blocks come from a {@link ChunkSource}: give
 * it a repairing one ({@link ChunkSources#forReader}) and a damaged block inside the parity's
 * budget is rebuilt in memory, so the file extracts intact and salvage skips only what parity
 * cannot recover.
 */
public final class Extractor {
    /** Files up to this size are decoded whole and written on the target's threads. */
    private static final int WHOLE_FILE_MAX = 256 * 1024;
    /** Enough for the pack chunks consecutive small files share; see {@link RecentChunks}. */
    private static final long RECENT_CHUNK_BYTES = 32L << 20;
    /**
     * Threads extracting large files beside this one (see {@link StreamingHelpers}): two, so
     * that two large files in a row both leave the extracting thread to the files after them.
     */
    private static final int STREAMING_HELPERS = 2;

    private final ContainerReader reader;
    private final ChunkSource source;
    private final ExtractOptions options;
    private final TreeMetadata metadata;
    private final NodeAttributes attributes;

    /** Reads blocks straight from an AEROVAULT3 vault, with no repair. */
    public Extractor(org.vaultfs.container.VaultReader reader, ExtractOptions options) {
        this(reader, new ReaderChunkSource(reader), options);
    }

    /** Reads blocks through {@code source}, which stays the caller's to close. */
    public Extractor(ContainerReader reader, ChunkSource source, ExtractOptions options) {
        this(reader, source, options, TreeMetadata.empty());
    }

    /** Also restores {@code metadata} (SPEC.md §20): modes, owners as root, ns times, links, specials, xattrs. */
    public Extractor(ContainerReader reader, ChunkSource source, ExtractOptions options, TreeMetadata metadata) {
        this.reader = reader;
        this.source = source;
        this.options = options;
        this.metadata = metadata;
        this.attributes = new NodeAttributes(options);
    }

    /** Extracts the subtrees named by {@code paths} (all entries when empty) under {@code targetDir}. */
    public ExtractResult extract(Path targetDir, List<String> paths) {
        long start = System.nanoTime();
        List<Entry> selected = ExtractSelection.selectEntries(reader.entries(), paths, metadata, n -> reader.find(n).isPresent());
        List<Map.Entry<String, NodeMetadata>> specials = specialsIn(paths);
        long total = selected.stream().mapToLong(e -> e.isDir() ? 0 : e.size()).sum();
        ExtractTarget target = ExtractTarget.open(targetDir, options.durable(), options.overwrite());
        Outcomes outcomes = new Outcomes();
        List<Entry> dirs = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        RecentChunks recent = new RecentChunks(source, RECENT_CHUNK_BYTES);
        StreamingHelpers helpers = new StreamingHelpers(STREAMING_HELPERS);
        boolean finished = false;
        try {
            // Large files extracting on a helper; a finished one is accounted for at the next
            // hand-off, so the list stays about as short as the helpers are few.
            List<Map.Entry<Entry, Future<String>>> handed = new ArrayList<>();
            String last = "";
            for (Entry e : selected) {
                if (e.isDir()) {
                    target.directory(e.path());
                    dirs.add(e);
                    continue;
                }
                last = e.path();
                helpers.throwIfFailed();
                Future<String> running = e.size() > WHOLE_FILE_MAX
                        ? helpers.tryRun(() -> extractStreaming(target, source, e, done, total, helpers))
                        : null;
                if (running == null) {
                    outcomes.add(e, extractFile(target, recent, e, done, total));
                    continue;
                }
                for (java.util.Iterator<Map.Entry<Entry, Future<String>>> it = handed.iterator(); it.hasNext(); ) {
                    Map.Entry<Entry, Future<String>> h = it.next();
                    if (h.getValue().isDone()) {
                        outcomes.add(h.getKey(), outcome(h.getValue()));
                        it.remove();
                    }
                }
                handed.add(Map.entry(e, running));
            }
            helpers.finish(false);
            for (Map.Entry<Entry, Future<String>> h : handed) {
                outcomes.add(h.getKey(), outcome(h.getValue()));
            }
            options.progress().update(done.get(), total, last);
            // Renames change their directory's mtime, so every commit lands before the stamps.
            target.awaitCommits();
            for (String[] l : outcomes.links()) {
                target.hardLink(l[0], l[1]);
            }
            for (Map.Entry<String, NodeMetadata> sp : specials) {
                NodeMetadata m = sp.getValue();
                target.special(sp.getKey(), m.target(), m.stMode(), m.rdev(), attributes.of(m));
            }
            // Deepest first: stamping a parent before its children are created would be undone.
            for (int i = dirs.size() - 1; i >= 0; i--) {
                NodeMetadata m = metadata.get(dirs.get(i).path());
                if (m != null && m.kind() == NodeKind.DIR) {
                    target.setDirectoryAttributes(dirs.get(i).path(), attributes.of(m));
                    continue;
                }
                FileTime t = parseTime(dirs.get(i).modified());
                if (t != null) {
                    target.setDirectoryTime(dirs.get(i).path(), t);
                }
            }
            target.syncDirectories();
            finished = true;
        } finally {
            // Stops a helper's file at its next chunk when the extraction is failing.
            helpers.finish(!finished);
            // The recent chunks hold decrypted plaintext.
            recent.close();
            target.close();
        }
        List<ExtractResult.Damaged> damaged = outcomes.damaged(selected);
        long bytes = done.get();
        for (ExtractResult.Damaged d : damaged) {
            bytes -= reader.require(d.path()).size();
        }
        return new ExtractResult(outcomes.files, dirs.size(), bytes, damaged, System.nanoTime() - start, target.removedLeftovers(),
                specials.size(), target.warnings());
    }

    /** What became of each file: extracted (and hard-linked to the group's first) or skipped, and why. */
    private final class Outcomes {
        private final Map<Long, String> firstOfGroup = new HashMap<>();
        private final List<String[]> links = new ArrayList<>();
        private final Map<String, String> skipped = new HashMap<>();
        long files;

        /** Records {@code e}'s outcome (null: extracted). */
        void add(Entry e, String failure) {
            if (failure != null) {
                skipped.put(e.path(), failure);
                return;
            }
            files++;
            NodeMetadata m = fileMetadata(e.path());
            if (m != null && m.linkGroup() != 0) {
                // A large file's outcome can come after later ones': any member of a group, having
                // the group's content and attributes, serves as the one the others link to.
                String first = firstOfGroup.putIfAbsent(m.linkGroup(), e.path());
                if (first != null) {
                    links.add(new String[] {first, e.path()});
                }
            }
        }

        List<String[]> links() {
            return links;
        }

        /** The skipped files in extraction order. */
        List<ExtractResult.Damaged> damaged(List<Entry> selected) {
            List<ExtractResult.Damaged> out = new ArrayList<>();
            if (skipped.isEmpty()) {
                return out;
            }
            for (Entry e : selected) {
                String why = skipped.get(e.path());
                if (why != null) {
                    out.add(new ExtractResult.Damaged(e.path(), why));
                }
            }
            return out;
        }
    }

    private NodeMetadata fileMetadata(String path) {
        NodeMetadata m = metadata.get(path);
        return m != null && m.kind() == NodeKind.FILE ? m : null;
    }

    /** The special nodes under the requested paths (all of them when none was named). */
    private List<Map.Entry<String, NodeMetadata>> specialsIn(List<String> paths) {
        return metadata.specialsUnder(paths.stream().map(VaultPaths::normalize).toList());
    }

    /** Writes one file on this thread; returns null on success or, in salvage mode, why the vault data was unreadable. */
    private String extractFile(ExtractTarget target, RecentChunks recent, Entry e, AtomicLong done, long total) {
        if (e.size() <= WHOLE_FILE_MAX) {
            return extractWholeFile(target, recent, e, done, total);
        }
        return extractStreaming(target, source, e, done, total, null);
    }

    /**
     * A large file goes chunk by chunk from the source's pooled decode straight to the file:
     * no cache (its chunks are its own) and no copy between them. On a helper thread
     * ({@code helpers} non-null) progress is left to the extracting thread, which owns the
     * listener, and the file is given up between chunks once the extraction fails elsewhere.
     */
    private String extractStreaming(ExtractTarget target, ChunkSource chunks, Entry e, AtomicLong done, long total,
                                    StreamingHelpers helpers) {
        EntryLayout layout = reader.layout(e);
        long size = e.size();
        try (ExtractTarget.PendingFile out = target.create(e.path(), size)) {
            VaultException[] writeFailure = new VaultException[1];
            for (long pos = 0; pos < size; ) {
                if (helpers != null) {
                    helpers.checkNotStopping();
                }
                long n;
                try {
                    n = writeChunkPart(layout, pos, chunks, out, writeFailure);
                } catch (VaultException ve) {
                    if (writeFailure[0] != null) {
                        throw writeFailure[0]; // the target's failure, never salvaged
                    }
                    // Only failures reading the vault are salvageable.
                    String why = salvagedOrThrow(e, ve);
                    // A skipped file still counts as processed, so progress reaches 100%.
                    long now = done.addAndGet(size - pos);
                    if (helpers == null) {
                        options.progress().update(now, total, e.path());
                    }
                    return why;
                }
                pos += n;
                long now = done.addAndGet(n);
                if (helpers == null) {
                    options.progress().update(now, total, e.path());
                }
            }
            NodeMetadata m = fileMetadata(e.path());
            if (m != null) {
                out.commit(attributes.of(m));
            } else {
                out.commit(parseTime(e.modified()));
            }
            return null;
        }
    }

    /**
     * Writes the file's bytes from {@code pos} to the end of the chunk holding it; returns how
     * many. A failure of the target is also left in {@code writeFailure}.
     */
    private static long writeChunkPart(EntryLayout layout, long pos, ChunkSource chunks, ExtractTarget.PendingFile out,
                                       VaultException[] writeFailure) {
        Part p = Part.at(layout, pos);
        ChunkRecord chunk = p.chunk();
        chunks.decodeInto(chunk, (buf, off, len) -> {
            if (len != chunk.plaintextLen()) {
                throw new VaultException(Failure.MALFORMED, "chunk " + chunk.id() + " decoded to " + len
                        + " bytes, not the " + chunk.plaintextLen() + " its record lists");
            }
            try {
                out.write(buf, off + p.from(), p.length());
            } catch (VaultException w) {
                writeFailure[0] = w;
                throw w;
            }
        });
        return p.length();
    }

    /** The part of the chunk holding file offset {@code pos}, from there to the chunk's or the file's end. */
    private record Part(ChunkRecord chunk, int from, int length) {
        static Part at(EntryLayout layout, long pos) {
            int i = layout.chunkAt(pos);
            if (i < 0) {
                throw new VaultException(Failure.MALFORMED, "no chunk holds file offset " + pos);
            }
            ChunkRecord chunk = layout.chunk(i);
            long from = pos - layout.chunkStartInFile(i);
            long n = Math.min(chunk.plaintextLen() - from, layout.size() - pos);
            if (from < 0 || n <= 0) {
                throw new VaultException(Failure.MALFORMED, "chunk " + chunk.id() + " does not hold file offset " + pos);
            }
            return new Part(chunk, (int) from, (int) n);
        }
    }

    /**
     * A small file is decoded here, in order (consecutive small files share pack chunks), and
     * created and written on the target's commit threads.
     */
    private String extractWholeFile(ExtractTarget target, RecentChunks chunks, Entry e, AtomicLong done, long total) {
        EntryLayout layout = reader.layout(e);
        int size = (int) e.size();
        byte[] content = new byte[size];
        try {
            for (int pos = 0; pos < size; ) {
                Part p = Part.at(layout, pos);
                System.arraycopy(chunks.plaintext(p.chunk()), p.from(), content, pos, p.length());
                pos += p.length();
            }
        } catch (VaultException ve) {
            Arrays.fill(content, (byte) 0);
            String why = salvagedOrThrow(e, ve);
            options.progress().update(done.addAndGet(size), total, e.path());
            return why;
        }
        options.progress().update(done.addAndGet(size), total, e.path());
        NodeMetadata m = fileMetadata(e.path());
        FileTime t = m == null ? parseTime(e.modified()) : null;
        target.writeWhole(e.path(), content, size,
                m != null ? attributes.of(m) : t == null ? null : RestoredAttributes.timeOnly(t));
        return null;
    }

    /** A file's outcome: null or why it was skipped; a failure that ends the extraction is thrown. */
    private static String outcome(Future<String> f) {
        try {
            return f.get();
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new VaultException(Failure.IO, "extraction failed: " + ex.getCause(), ex.getCause());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "extraction interrupted");
        }
    }

    /** In salvage mode, why {@code e}'s vault data could not be read; otherwise the failure, named by the file. */
    private String salvagedOrThrow(Entry e, VaultException readFailure) {
        if (!options.salvage()) {
            // Named by the file the user knows, not only by the block that failed.
            throw new VaultException(readFailure.failure(), VaultPaths.printable(e.path()) + ": " + readFailure.getMessage(),
                    readFailure);
        }
        return readFailure.getMessage();
    }

    /** The manifest's {@code YYYY-MM-DDTHH:MM:SSZ}; an unparsable stamp leaves the current time. */
    static FileTime parseTime(String modified) {
        if (modified == null) {
            return null;
        }
        try {
            return FileTime.from(Instant.parse(modified));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

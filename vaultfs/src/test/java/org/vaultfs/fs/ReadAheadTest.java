package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultReader;
import org.vaultfs.testing.CachingKdf;

class ReadAheadTest {
    static final byte[] PW = "read-ahead-password".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    static Path vault;
    static VaultReader reader;
    static EntryLayout big;
    static EntryLayout other;

    @BeforeAll
    static void seal() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Random r = new Random(7);
        byte[] b = new byte[16 << 20]; // incompressible: stored raw, chunks of 1-2 MiB
        r.nextBytes(b);
        Files.write(src.resolve("big.bin"), b);
        r.nextBytes(b);
        Files.write(src.resolve("other.bin"), b);
        vault = dir.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(vault, PW, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(src, "");
            ed.commit();
        }
        reader = VaultReader.open(vault, PW, CachingKdf.INSTANCE);
        big = reader.layout(reader.require("big.bin"));
        other = reader.layout(reader.require("other.bin"));
        assertTrue(big.chunkCount() >= 6, "the test needs several chunks, got " + big.chunkCount());
    }

    @AfterAll
    static void close() {
        reader.close();
    }

    /** Records every range it is told about, merged back into per-byte coverage by the tests. */
    static final class RecordingHints implements DiskHints {
        final List<long[]> ranges = new ArrayList<>();
        boolean closed;

        @Override
        public synchronized void willNeed(long offset, long length) {
            ranges.add(new long[] {offset, length});
        }

        @Override
        public void close() {
            closed = true;
        }

        synchronized long total() {
            return ranges.stream().mapToLong(x -> x[1]).sum();
        }

        synchronized List<long[]> take() {
            List<long[]> copy = List.copyOf(ranges);
            ranges.clear();
            return copy;
        }
    }

    static long fileStart(ChunkRecord r) {
        return reader.header().dataOffset() + r.dataOffset();
    }

    /** Whether chunk i's whole stored record (length prefix and block) lies in one of the ranges. */
    static boolean covered(List<long[]> ranges, EntryLayout l, int i) {
        long s = fileStart(l.chunk(i));
        long e = s + l.chunk(i).recordLen();
        return ranges.stream().anyMatch(x -> x[0] <= s && e <= x[0] + x[1]);
    }

    @Test
    void announcesEachUpcomingBlockOnceWhereItReallyIsInTheVaultFile() throws IOException {
        RecordingHints hints = new RecordingHints();
        try (ChunkCache cache = new ChunkCache(new ReaderChunkSource(reader), 64 << 20);
             ReadAhead ra = new ReadAhead(cache, new ReadAhead.Tuning(1, 0, 3, 8, 0), hints, reader.header().dataOffset())) {
            ra.after(big, 0);
            List<long[]> first = hints.take();
            for (int i = 1; i <= 3; i++) {
                assertTrue(covered(first, big, i), "chunk " + i + " announced");
            }
            long expected = 0;
            for (int i = 1; i <= 3; i++) {
                expected += big.chunk(i).recordLen();
            }
            assertEquals(expected, first.stream().mapToLong(x -> x[1]).sum(), "chunks 1..3 and nothing else");
            // The announced bytes are the block: its u64 length prefix is there.
            try (RandomAccessFile f = new RandomAccessFile(vault.toFile(), "r")) {
                f.seek(fileStart(big.chunk(1)));
                assertEquals(big.chunk(1).blockLen(), Long.reverseBytes(f.readLong()));
            }

            ra.after(big, 0); // more requests in the same chunk: nothing new
            assertEquals(0, hints.total());

            ra.after(big, 1); // one chunk on: only the chunk newly in reach
            List<long[]> next = hints.take();
            assertTrue(covered(next, big, 4));
            assertEquals(big.chunk(4).recordLen(), next.stream().mapToLong(x -> x[1]).sum());

            int last = big.chunkCount() - 1;
            ra.after(big, last); // at the end: nothing beyond the file
            assertEquals(0, hints.total());

            ra.after(other, 0); // another stream starts over
            assertTrue(covered(hints.take(), other, 3));
        }
        assertTrue(hints.closed, "closing read-ahead closes its hints");
    }

    @Test
    void noHintDepthAnnouncesNothing() {
        RecordingHints hints = new RecordingHints();
        try (ChunkCache cache = new ChunkCache(new ReaderChunkSource(reader), 64 << 20);
             ReadAhead ra = new ReadAhead(cache, new ReadAhead.Tuning(1, 0, 0, 8, 0), hints, reader.header().dataOffset())) {
            ra.after(big, 0);
            ra.after(big, 2);
        }
        assertEquals(0, hints.total());
    }

    @Test
    void decodesExactlyTheNextChunksInTheBackground() throws InterruptedException {
        Set<Long> decoded = ConcurrentHashMap.newKeySet();
        ChunkSource counting = c -> {
            decoded.add(c.blockIndex());
            return reader.readChunk(c);
        };
        try (ChunkCache cache = new ChunkCache(counting, 64 << 20);
             ReadAhead ra = new ReadAhead(cache, new ReadAhead.Tuning(2, 2, 0, 8, 0), DiskHints.NONE, 0)) {
            ra.after(big, 1);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!(cache.contains(big.chunk(2).id()) && cache.contains(big.chunk(3).id())) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(cache.contains(big.chunk(2).id()) && cache.contains(big.chunk(3).id()), "chunks 2 and 3 decoded ahead");
            assertEquals(Set.of(big.chunk(2).blockIndex(), big.chunk(3).blockIndex()), decoded, "and nothing else");
            assertFalse(cache.contains(big.chunk(1).id()), "the reader's own chunk is its to decode");
        }
    }

    @Test
    void dropsWhatASequentialReaderLeftBehindButKeepsItsCheckpoints() throws Exception {
        try (ChunkCache cache = new ChunkCache(new ReaderChunkSource(reader), 64 << 20);
             ReadAhead ra = new ReadAhead(cache, new ReadAhead.Tuning(1, 0, 0, 8, 1), DiskHints.NONE, 0)) {
            for (int i = 0; i <= 4; i++) {
                ChunkCacheTest.whole(cache, big.chunk(i));
            }
            ra.after(big, 1);
            ra.awaitEvictions();
            assertTrue(cache.contains(big.chunk(0).id()), "ends right where the reader's chunk starts: not 1 byte before");
            ra.after(big, 2);
            ra.awaitEvictions();
            assertFalse(cache.contains(big.chunk(0).id()), "ends a chunk before: dropped");
            assertTrue(cache.contains(big.chunk(1).id()) && cache.contains(big.chunk(2).id()));
            ra.after(big, 4);
            ra.awaitEvictions();
            assertFalse(cache.contains(big.chunk(2).id()));
            assertFalse(cache.contains(big.chunk(1).id()), "a step of two chunks drops both");
            assertTrue(cache.contains(big.chunk(3).id()) && cache.contains(big.chunk(4).id()));
            assertTrue(cache.hasCheckpoints(big.chunk(0).id()), "a page the kernel lost is still a cheap range read");
        }
        try (ChunkCache cache = new ChunkCache(new ReaderChunkSource(reader), 64 << 20);
             ReadAhead ra = new ReadAhead(cache, new ReadAhead.Tuning(1, 0, 0, 8, 0), DiskHints.NONE, 0)) {
            ChunkCacheTest.whole(cache, big.chunk(0));
            ra.after(big, 5);
            ra.awaitEvictions();
            assertTrue(cache.contains(big.chunk(0).id()), "0 keeps everything");
        }
    }

    @Test
    void byDefaultOnlyWhatEndsBeyondTheKernelsReorderingLeaves() throws Exception {
        try (ChunkCache cache = new ChunkCache(new ReaderChunkSource(reader), 64 << 20);
             ReadAhead ra = new ReadAhead(cache, ReadAhead.Tuning.forCores(2), DiskHints.NONE, 0)) {
            int last = big.chunkCount() - 1;
            for (int i = 0; i <= last; i++) {
                ChunkCacheTest.whole(cache, big.chunk(i));
            }
            ra.after(big, last);
            ra.awaitEvictions();
            List<Integer> gone = new ArrayList<>();
            for (int i = 0; i <= last; i++) {
                if (!cache.contains(big.chunk(i).id())) {
                    gone.add(i);
                }
            }
            assertEquals(1, gone.size(), "one chunk per step of the reader: " + gone);
            int k = gone.get(0);
            long cut = big.chunkStartInFile(last) - SequentialDetector.WINDOW;
            assertTrue(big.chunkStartInFile(k + 1) <= cut, "it ends a whole window before the reader's chunk");
            assertTrue(big.chunkStartInFile(k + 2) > cut, "and is the last such chunk");
        }
    }

    @Test
    void tuningPerCoreCount() {
        assertEquals(1, ReadAhead.Tuning.forCores(1).threads());
        assertEquals(2, ReadAhead.Tuning.forCores(2).threads());
        assertEquals(3, ReadAhead.Tuning.forCores(64).threads());
        assertTrue(ReadAhead.Tuning.forCores(2).hintDepth() > ReadAhead.Tuning.forCores(2).decodeDepth(),
                "the disk is told further ahead than the decoders work");
        assertThrows(IllegalArgumentException.class, () -> new ReadAhead.Tuning(0, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReadAhead.Tuning(1, -1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReadAhead.Tuning(1, 1, 1, 1, -1));
    }
}

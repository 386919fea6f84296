package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.event.VaultListener;
import org.vaultfs.container.ChunkCheckpoints;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.DecodedChunk;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Corrupt;

/**
 * Reads of raw chunks whose plaintext left the cache are served from the 4 KiB segments they
 * touch, checked against checkpoints taken when the chunk was authenticated whole; bytes that
 * changed on disk since are caught and the read falls back to a full decode.
 */
class RangeReadTest {
    static final byte[] PW = "range-read-password".getBytes(StandardCharsets.UTF_8);
    static final int SIZE = 12 * 1024 * 1024 + 777; // first and last chunk further apart than the sequential window
    static final long SMALL_CACHE = 2 << 20; // a chunk or two of plaintext; 128 KiB of checkpoints

    @TempDir
    static Path dir;
    static Path vault;
    static byte[] source;

    @BeforeAll
    static void seal() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        source = new byte[SIZE];
        new SplittableRandom(11).nextBytes(source); // incompressible: every chunk stored raw
        Files.write(src.resolve("big.bin"), source);
        Files.writeString(src.resolve("note.txt"), "compressible text\n".repeat(5000));
        vault = dir.resolve("v.aerovault");
        try (VaultEditor ed = VaultEditor.create(vault, PW, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(src, "");
            ed.commit();
        }
    }

    @Test
    void randomReadsAfterEvictionUseSegmentsAndMatchTheSource() throws Exception {
        try (VaultReader r = open(vault)) {
            Counting src = new Counting(r);
            try (VaultFileSystem fs = new VaultFileSystem(r, src, SMALL_CACHE, VaultListener.IGNORE)) {
                FileNode node = (FileNode) fs.lookup("/big.bin");
                OpenFile f = fs.handle(fs.open(node));
                EntryLayout layout = r.layout(node.entry());
                assertTrue(layout.chunkCount() >= 4, "need several chunks, got " + layout.chunkCount());
                byte[] whole = new byte[SIZE];
                for (int off = 0; off < SIZE; off += 128 << 10) {
                    fs.read(f, off, ByteSink.of(whole, off), 128 << 10);
                }
                assertArrayEquals(source, whole);
                for (int i = 0; i < layout.chunkCount(); i++) {
                    ChunkRecord c = layout.chunk(i);
                    assertTrue(fs.cache().hasCheckpoints(c.id()) || fs.cache().contains(c.id()), "chunk " + i);
                }
                int decodesAfterPass = src.decodes.get();
                long rangesBefore = fs.cache().rangeReads();
                SplittableRandom rnd = new SplittableRandom(12);
                for (int k = 0; k < 400; k++) {
                    long off = rnd.nextLong(SIZE + 100L);
                    int len = rnd.nextInt(1, 200_000);
                    byte[] got = new byte[len];
                    int n = fs.read(node, off, got, len);
                    int expect = (int) Math.max(0, Math.min(len, SIZE - off));
                    assertEquals(expect, n, "length at " + off);
                    assertArrayEquals(Arrays.copyOfRange(source, (int) Math.min(off, SIZE), (int) Math.min(off, SIZE) + expect),
                            Arrays.copyOf(got, n), "bytes at " + off + "+" + len);
                }
                assertTrue(fs.cache().rangeReads() - rangesBefore > 300, "most reads served from segments");
                assertEquals(decodesAfterPass, src.decodes.get(), "no chunk decoded twice");
            }
        }
    }

    @Test
    void bytesChangedOnDiskAfterAuthenticationAreCaught() throws Exception {
        Path copy = Corrupt.copy(vault, dir.resolve("changing.aerovault"));
        try (VaultReader r = open(copy); VaultFileSystem fs = new VaultFileSystem(r, new ReaderChunkSource(r), SMALL_CACHE, VaultListener.IGNORE)) {
            FileNode node = (FileNode) fs.lookup("/big.bin");
            EntryLayout layout = r.layout(node.entry());
            int victim = 2;
            ChunkRecord c = layout.chunk(victim);
            long start = layout.chunkStartInFile(victim);
            byte[] buf = new byte[4096];
            fs.read(node, start, buf, buf.length); // authenticates chunk 2 whole
            fs.cache().evict(c.id());
            assertTrue(fs.cache().hasCheckpoints(c.id()));

            // The attacker flips one ciphertext bit in the chunk's third segment, under the live reader.
            long cipherPos = r.header().dataOffset() + c.dataOffset() + 8 + 12;
            Corrupt.flipBit(copy, cipherPos + 2 * 4096 + 100, 3);

            long ranges = fs.cache().rangeReads();
            assertEquals(4096, fs.read(node, start, buf, 4096), "an untouched segment still reads");
            assertArrayEquals(Arrays.copyOfRange(source, (int) start, (int) start + 4096), buf);
            assertEquals(ranges + 1, fs.cache().rangeReads());

            VaultException e = assertThrows(VaultException.class, () -> fs.read(node, start + 2 * 4096 + 50, new byte[10], 10));
            assertEquals(Failure.BLOCK_AUTH, e.failure());
            assertFalse(fs.cache().hasCheckpoints(c.id()), "checkpoints of a changed chunk are dropped");
            assertThrows(VaultException.class, () -> fs.read(node, start, new byte[10], 10));
        }
    }

    @Test
    void aChunkDecodedAgainKeepsTheCheckpointsItHas() throws Exception {
        try (VaultReader r = open(vault); VaultFileSystem fs = new VaultFileSystem(r, new ReaderChunkSource(r), 64L << 20, VaultListener.IGNORE)) {
            FileNode node = (FileNode) fs.lookup("/big.bin");
            EntryLayout layout = r.layout(node.entry());
            ChunkRecord c = layout.chunk(1);
            fs.read(node, layout.chunkStartInFile(1), new byte[4096], 4096); // decoded whole
            ChunkCheckpoints first = fs.cache().checkpointsOf(c.id());
            assertTrue(first != null);
            fs.cache().evict(c.id());
            fs.cache().prefetch(c, Runnable::run); // a whole decode again, as read-ahead on a second pass
            assertTrue(fs.cache().contains(c.id()));
            assertSame(first, fs.cache().checkpointsOf(c.id()), "long-lived checkpoints are not replaced by equal fresh ones");
        }
    }

    @Test
    void aFileReadAtRandomIsAuthenticatedInTheBackground() throws Exception {
        try (VaultReader r = open(vault); VaultFileSystem fs = new VaultFileSystem(r, new ReaderChunkSource(r), SMALL_CACHE, VaultListener.IGNORE)) {
            FileNode node = (FileNode) fs.lookup("/big.bin");
            OpenFile f = fs.handle(fs.open(node));
            EntryLayout layout = r.layout(node.entry());
            long last = layout.chunkStartInFile(layout.chunkCount() - 1);
            // Jumping between the first and the last chunk: random access touching two chunks only.
            for (int k = 0; k < Preverifier.TRIGGER; k++) {
                long off = k % 2 == 0 ? last : 0; // never from 0 first: that would count as sequential
                byte[] got = new byte[4096];
                fs.read(f, off, ByteSink.of(got), 4096);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!allCovered(fs, layout) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(allCovered(fs, layout), "every raw chunk authenticated, " + fs.preverifiedChunks() + " in the background");
            assertEquals(layout.chunkCount() - 2, fs.preverifiedChunks(), "all but the two chunks read in the foreground");
            assertTrue(fs.cache().usedBytes() <= SMALL_CACHE, "background pass keeps no plaintext beyond the cache");
        }
    }

    /** A program that opens the file for each random read starts the pass too: the reads are counted for the file as well as per handle. */
    @Test
    void randomReadsThroughManyHandlesStartThePassToo() throws Exception {
        try (VaultReader r = open(vault); VaultFileSystem fs = new VaultFileSystem(r, new ReaderChunkSource(r), SMALL_CACHE, VaultListener.IGNORE)) {
            FileNode node = (FileNode) fs.lookup("/big.bin");
            EntryLayout layout = r.layout(node.entry());
            long last = layout.chunkStartInFile(layout.chunkCount() - 1);
            for (int k = 0; k < Preverifier.TRIGGER; k++) {
                long fh = fs.open(node);
                fs.read(fs.handle(fh), last + k * 4096L, ByteSink.of(new byte[4096]), 4096); // far from a new handle's start
                fs.release(fh);
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!allCovered(fs, layout) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(allCovered(fs, layout), "every raw chunk authenticated, " + fs.preverifiedChunks() + " in the background");
            assertEquals(layout.chunkCount() - 1, fs.preverifiedChunks(), "all but the chunk read in the foreground");
        }
    }

    /**
     * A file read through before keeps its checkpoints, so a random reader's pass has nothing to
     * authenticate; but once the vault file's pages are gone, it reads the file's stored bytes
     * back in, in file order, instead of leaving each random read to wait on the disk. A later
     * random reader (a new open) gets them read in again if they have gone again meanwhile.
     */
    @Test
    void aRandomReaderOfAFileReadBeforeGetsItsStoredBytesReadBackIn() throws Exception {
        try (VaultReader r = open(vault); VaultFileSystem fs = new VaultFileSystem(r, new ReaderChunkSource(r), SMALL_CACHE, VaultListener.IGNORE)) {
            FileNode node = (FileNode) fs.lookup("/big.bin");
            long first = fs.open(node);
            OpenFile f = fs.handle(first);
            byte[] piece = new byte[1 << 17];
            for (long off = 0; off < SIZE; off += piece.length) {
                fs.read(f, off, ByteSink.of(piece), piece.length); // through once: checkpoints kept
            }
            EntryLayout layout = r.layout(node.entry());
            ChunkRecord middle = layout.chunk(layout.chunkCount() / 2);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(vault)) {
                java.nio.MappedByteBuffer stored = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY,
                        r.dataOffset() + middle.dataOffset(), middle.recordLen());
                dropPages(vault);
                org.junit.jupiter.api.Assumptions.assumeFalse(stored.isLoaded(), "this filesystem keeps the pages (tmpfs?)");
                readAtRandomUntilResident(fs, f, layout, stored);
                assertTrue(fs.prefetchedSegmentChunks() >= layout.chunkCount() - 3, fs.prefetchedSegmentChunks() + " of " + layout.chunkCount());
                fs.release(first);

                dropPages(vault);
                assertFalse(stored.isLoaded());
                readAtRandomUntilResident(fs, fs.handle(fs.open(node)), layout, stored);
            }
            assertEquals(0, fs.preverifiedChunks(), "nothing to authenticate again");
        }
    }

    /** dd's nocache flag drops a file's clean pages (posix_fadvise DONTNEED). */
    private static void dropPages(Path file) throws Exception {
        Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none").start();
        assertEquals(0, dd.waitFor());
    }

    /** Random reads of the first and last chunk only, until {@code stored} (another chunk's stored bytes) is resident. */
    private static void readAtRandomUntilResident(VaultFileSystem fs, OpenFile f, EntryLayout layout, java.nio.MappedByteBuffer stored)
            throws InterruptedException {
        long last = layout.chunkStartInFile(layout.chunkCount() - 1);
        for (int k = 0; k < Preverifier.TRIGGER; k++) {
            fs.read(f, k % 2 == 0 ? 0 : last, ByteSink.of(new byte[4096]), 4096); // 0 first: far from any earlier read's end
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!stored.isLoaded()) {
            assertTrue(System.nanoTime() < deadline, "the middle chunk's stored bytes were never read in; hinted "
                    + fs.prefetchedSegmentChunks() + ", verified " + fs.preverifiedChunks() + " of " + layout.chunkCount());
            Thread.sleep(10);
        }
    }

    /** A random reader's first touch of a raw chunk authenticates it for segments and caches no plaintext. */
    @Test
    void randomReadersDoNotFillThePlaintextCache() throws Exception {
        try (VaultReader r = open(vault); VaultFileSystem fs = new VaultFileSystem(r, new ReaderChunkSource(r), 64L << 20, VaultListener.IGNORE)) {
            FileNode node = (FileNode) fs.lookup("/big.bin");
            OpenFile f = fs.handle(fs.open(node));
            long[] offsets = {SIZE - 5000, 100, SIZE / 2 + 3, SIZE - 600_000, 1_000_000}; // each over 4 MiB from the last
            for (long off : offsets) {
                byte[] got = new byte[4096];
                int n = fs.read(f, off, ByteSink.of(got), 4096);
                int expect = (int) Math.min(4096, SIZE - off);
                assertEquals(expect, n);
                assertArrayEquals(Arrays.copyOfRange(source, (int) off, (int) off + expect), Arrays.copyOf(got, n), "at " + off);
            }
            assertEquals(0, fs.cache().usedBytes(), "no whole chunk cached for a random reader");
            assertTrue(fs.cache().rangeReads() >= offsets.length);
        }
    }

    @Test
    void compressedChunksGetNoCheckpoints() throws Exception {
        try (VaultReader r = open(vault)) {
            EntryLayout layout = r.layout(r.require("note.txt"));
            for (int i = 0; i < layout.chunkCount(); i++) {
                DecodedChunk d = r.readChunkWithCheckpoints(layout.chunk(i));
                assertEquals(null, d.checkpoints());
                assertArrayEquals(r.readChunk(layout.chunk(i)), d.plaintext());
            }
            ChunkCheckpoints big = r.readChunkWithCheckpoints(r.layout(r.require("big.bin")).chunk(0)).checkpoints();
            assertTrue(big != null && big.retainedBytes() < big.chunk().plaintextLen() / 100, "about 0.4% of the chunk");
            assertThrows(IllegalArgumentException.class, () -> r.readVerifiedRange(big, big.chunk().plaintextLen() - 5, 10, new byte[10], 0));
        }
    }

    private static boolean allCovered(VaultFileSystem fs, EntryLayout layout) {
        for (int i = 0; i < layout.chunkCount(); i++) {
            String id = layout.chunk(i).id();
            if (!fs.cache().hasCheckpoints(id) && !fs.cache().contains(id)) {
                return false;
            }
        }
        return true;
    }

    private static VaultReader open(Path p) {
        return VaultReader.open(p, PW, CachingKdf.INSTANCE);
    }

    /** Counts whole-chunk decodes. */
    private static final class Counting implements ChunkSource {
        final AtomicInteger decodes = new AtomicInteger();
        private final ReaderChunkSource inner;

        Counting(VaultReader r) {
            inner = new ReaderChunkSource(r);
        }

        @Override
        public byte[] decode(ChunkRecord chunk) {
            decodes.incrementAndGet();
            return inner.decode(chunk);
        }

        @Override
        public DecodedChunk decodeWithCheckpoints(ChunkRecord chunk) {
            decodes.incrementAndGet();
            return inner.decodeWithCheckpoints(chunk);
        }

        @Override
        public boolean readVerified(ChunkCheckpoints c, long offset, int len, byte[] dst, int dstOff) {
            return inner.readVerified(c, offset, len, dst, dstOff);
        }
    }
}

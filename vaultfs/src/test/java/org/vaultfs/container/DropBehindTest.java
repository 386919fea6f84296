package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.Vault;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.testing.CachingKdf;

/**
 * A window of the data section is dropped from the page cache once, and only once every byte
 * of the section inside it has been read, whatever the order and the threads the records come
 * in; an extraction leaves little of its vault cached, and a source file read once little of
 * itself unless it was cached when its reading began.
 */
class DropBehindTest {
    private static final long W = DropBehind.WINDOW;

    /**
     * On the build's own filesystem rather than the temp directory, which may be a tmpfs: there
     * the page cache is the storage, and nothing can be dropped from it.
     */
    @TempDir(factory = UnderTarget.class)
    Path tmp;

    static final class UnderTarget implements org.junit.jupiter.api.io.TempDirFactory {
        @Override
        public Path createTempDirectory(org.junit.jupiter.api.extension.AnnotatedElementContext element,
                                        org.junit.jupiter.api.extension.ExtensionContext context) throws java.io.IOException {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "drop-behind-tests")), "t");
        }
    }

    /** Whether this filesystem drops clean pages when told to (a tmpfs cannot). */
    private boolean pagesCanBeDropped() throws Exception {
        Path probe = tmp.resolve("probe.bin");
        Files.write(probe, new byte[(int) W]);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(probe, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        PageCacheAdvice a = PageCacheAdvice.open(probe);
        assumeTrue(a != null, "vaultfs' C library");
        a.drop(0, W);
        a.close();
        boolean dropped = cachedBytes(probe) < W / 2;
        Files.delete(probe);
        return dropped;
    }

    /** Records each drop; checks none repeats. */
    private static final class Recorder implements DropBehind.Pages {
        final TreeMap<Long, Long> drops = new TreeMap<>();
        boolean closed;

        @Override
        public synchronized void drop(long offset, long length) {
            assertEquals(null, drops.put(offset, length), "window at " + offset + " dropped twice");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void eachWindowGoesOnceWhenAllOfItsSectionHasBeenRead() throws Exception {
        Random r = new Random(41);
        for (int round = 0; round < 40; round++) {
            long start = r.nextInt(3) == 0 ? 1024 : r.nextInt((int) (2 * W));
            List<long[]> records = new ArrayList<>();
            long at = start;
            int n = 1 + r.nextInt(60);
            for (int i = 0; i < n; i++) {
                long len = 9 + (r.nextInt(4) == 0 ? r.nextInt((int) (3 * W)) : r.nextInt(1 << 20));
                records.add(new long[] {at, len});
                at += len;
            }
            long end = at;
            Recorder pages = new Recorder();
            DropBehind d = new DropBehind(pages, start, end);
            Collections.shuffle(records, r);
            boolean skipOne = r.nextBoolean();
            long[] skipped = skipOne ? records.remove(r.nextInt(records.size())) : null;
            List<Thread> threads = new ArrayList<>();
            int workers = 1 + r.nextInt(4);
            for (int t = 0; t < workers; t++) {
                int first = t;
                threads.add(new Thread(() -> {
                    for (int i = first; i < records.size(); i += workers) {
                        d.read(records.get(i)[0], records.get(i)[1]);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            d.close();
            assertTrue(pages.closed);
            for (long w = start / W; w * W < end; w++) {
                long ws = w * W;
                boolean touchesSkipped = skipped != null && skipped[0] < ws + W && skipped[0] + skipped[1] > ws;
                if (touchesSkipped) {
                    assertEquals(null, pages.drops.get(ws), "a window with an unread record stays: " + ws);
                } else {
                    assertEquals(W, pages.drops.get(ws), "round " + round + ": window " + ws + " of [" + start + ", " + end + ")");
                }
            }
            assertEquals(pages.drops.keySet().stream().filter(o -> o < start / W * W || o >= end).toList(), List.of(),
                    "no window outside the section");
        }
    }

    @Test
    void partsOutsideTheSectionCountForNothing() {
        Recorder pages = new Recorder();
        DropBehind d = new DropBehind(pages, W, 2 * W);
        d.read(0, W + 10); // the header and manifest around a section are not records
        assertEquals(0, pages.drops.size());
        d.read(W + 10, W - 10);
        assertEquals(W, pages.drops.get(W));
        d.read(2 * W, W);
        assertEquals(1, pages.drops.size());
        d.read(W, 100); // a block read again (a chunk two files share): its window went already
        assertEquals(1, pages.drops.size());
    }

    private static final Path FINCORE = Path.of("/usr/bin/fincore");

    /** Bytes of {@code file} in the page cache, as util-linux's fincore counts them. */
    private static long cachedBytes(Path file) throws Exception {
        Process p = new ProcessBuilder(FINCORE.toString(), "--bytes", "--noheadings", "--output", "RES", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, p.waitFor(), out);
        return Long.parseLong(out);
    }

    /** Reads {@code file} through {@link DropBehindChannel} in uneven pieces; returns its bytes. */
    private static byte[] readThrough(Path file) throws Exception {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        Random r = new Random(3);
        try (java.nio.channels.ReadableByteChannel ch = DropBehindChannel.over(java.nio.channels.FileChannel.open(file), file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(3 << 20);
            while (true) {
                b.clear().limit(1 + r.nextInt(b.capacity()));
                int n = ch.read(b);
                if (n < 0) {
                    break;
                }
                all.write(b.array(), 0, n);
            }
        }
        return all.toByteArray();
    }

    @Test
    void aSourceFileNotCachedIsDroppedBehindItsReadsAndACachedOneIsLeftAsFound() throws Exception {
        assumeTrue(Files.isExecutable(FINCORE), "util-linux's fincore");
        byte[] content = VaultEditorTest.random(61, (int) (5 * W / 2) + 12345);
        Path cold = tmp.resolve("cold.bin");
        Files.write(cold, content);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(cold, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true); // clean pages, which a drop can take
        }
        assumeTrue(pagesCanBeDropped(), "the build's filesystem keeps every page (a tmpfs)");
        PageCacheAdvice a = PageCacheAdvice.open(cold);
        a.drop(0, content.length);
        a.close();
        assertTrue(cachedBytes(cold) < W, "the test file starts out of the cache: " + cachedBytes(cold));
        assertEquals(-1, java.util.Arrays.mismatch(content, readThrough(cold)));
        assertTrue(cachedBytes(cold) < W / 4, cachedBytes(cold) + " bytes of a file read once left cached");

        Path warm = tmp.resolve("warm.bin");
        Files.write(warm, content);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(warm, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true); // clean pages, which a drop would take
        }
        Files.readAllBytes(warm);
        long before = cachedBytes(warm);
        assertTrue(before > content.length / 2, "cached: " + before);
        assertEquals(-1, java.util.Arrays.mismatch(content, readThrough(warm)));
        assertEquals(before, cachedBytes(warm), "a file found in the cache stays there");
    }

    @Test
    void anExtractionLeavesLittleOfItsVaultInThePageCache() throws Exception {
        Path src = sourceWithRandomFile(51, 24 << 20);
        Files.write(src.resolve("text.log"), VaultEditorTest.text(8 << 20));
        for (int i = 0; i < 300; i++) {
            Files.write(src.resolve("small" + i + ".txt"), VaultEditorTest.random(100 + i, 20_000));
        }
        Path v = sealed(src);
        try (Vault vault = Vault.open(v, VaultEditorTest.PW, org.vaultfs.OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            Files.readAllBytes(v); // every page cached: what the extraction does not drop stays
            vault.extract(tmp.resolve("out"), List.of(), ExtractOptions.defaults());
        }
        assertEquals(-1L, Files.mismatch(src.resolve("random.bin"), tmp.resolve("out/random.bin")));
        long cached = cachedBytes(v);
        long size = Files.size(v);
        assertTrue(cached < size / 4, cached + " of " + size + " bytes still cached");
    }

    @Test
    void aSealLeavesItsVaultOutOfThePageCacheManifestAndExtensionsIncluded() throws Exception {
        Path src = sourceWithRandomFile(52, 6 << 20);
        for (int i = 0; i < 4000; i++) {
            Files.write(src.resolve("a-small-file-with-a-long-name-" + i + ".txt"), VaultEditorTest.random(200 + i, 100 + i % 700));
        }
        Path v = sealed(src);
        long cached = cachedBytes(v);
        VaultHeader h;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(v)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(VaultHeader.SIZE);
            ch.read(b, 0);
            h = VaultHeader.parse(b.array());
        }
        long tail = Files.size(v) - h.manifestOffset();
        assertTrue(tail > 1 << 20, "manifest and metadata of " + tail + " bytes: too few to tell");
        // The header, written last through the page cache, and the block the data section starts in.
        assertTrue(cached <= 64 << 10, cached + " bytes of the new vault cached (its tail: " + tail + ")");
        try (VaultReader r = VaultReader.open(v, VaultEditorTest.PW, CachingKdf.INSTANCE)) {
            VaultEditorTest.assertTreeEquals(src, r, "");
        }
    }

    /**
     * A source tree holding {@code random.bin} of {@code size} random bytes, where fincore can
     * tell which pages are cached (the test is skipped elsewhere).
     */
    private Path sourceWithRandomFile(int seed, int size) throws Exception {
        assumeTrue(Files.isExecutable(FINCORE), "util-linux's fincore");
        assumeTrue(pagesCanBeDropped(), "the build's filesystem keeps every page (a tmpfs)");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("random.bin"), VaultEditorTest.random(seed, size));
        return src;
    }

    /** {@code src} sealed into a new vault beside it. */
    private Path sealed(Path src) {
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(v, VaultEditorTest.PW, VaultEditorTest.OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        return v;
    }
}

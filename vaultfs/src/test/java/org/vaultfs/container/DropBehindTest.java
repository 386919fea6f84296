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
 * in; an extraction leaves little of its vault cached.
 */
class DropBehindTest {
    private static final long W = DropBehind.WINDOW;

    @TempDir
    Path tmp;

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

    @Test
    void anExtractionLeavesLittleOfItsVaultInThePageCache() throws Exception {
        Path fincore = Path.of("/usr/bin/fincore");
        assumeTrue(Files.isExecutable(fincore), "util-linux's fincore");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("random.bin"), VaultEditorTest.random(51, 24 << 20));
        Files.write(src.resolve("text.log"), VaultEditorTest.text(8 << 20));
        for (int i = 0; i < 300; i++) {
            Files.write(src.resolve("small" + i + ".txt"), VaultEditorTest.random(100 + i, 20_000));
        }
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(v, VaultEditorTest.PW, VaultEditorTest.OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (Vault vault = Vault.open(v, VaultEditorTest.PW, org.vaultfs.OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            Files.readAllBytes(v); // every page cached: what the extraction does not drop stays
            vault.extract(tmp.resolve("out"), List.of(), ExtractOptions.defaults());
        }
        assertEquals(-1L, Files.mismatch(src.resolve("random.bin"), tmp.resolve("out/random.bin")));
        Process p = new ProcessBuilder(fincore.toString(), "--bytes", "--noheadings", "--output", "RES", v.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, p.waitFor(), out);
        long cached = Long.parseLong(out);
        long size = Files.size(v);
        assertTrue(cached < size / 4, cached + " of " + size + " bytes still cached");
    }
}

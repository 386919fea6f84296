package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultReader;
import org.vaultfs.testing.CachingKdf;

/** Mounts a vault the writer sealed from a generated tree and checks it against the source. */
class GeneratedTreeMountTest extends GeneratedTreeMountBase {

    void mount(long cacheBytes) throws Exception {
        m = MountedVault.mount(tree.vault, GeneratedTree.PASSWORD, tmp, cacheBytes);
    }

    @Test
    void everyPathSizeTimeAndByteMatchesTheSource() throws Exception {
        mount(64L << 20);
        List<String> expected = tree.relativePaths();
        List<String> mounted;
        try (Stream<Path> s = Files.walk(m.dir)) {
            mounted = s.filter(p -> !p.equals(m.dir)).map(p -> m.dir.relativize(p).toString()).sorted().toList();
        }
        assertEquals(expected, mounted);
        for (String rel : expected) {
            Path src = tree.source.resolve(rel);
            Path mp = m.dir.resolve(rel);
            assertEquals(Files.isDirectory(src), Files.isDirectory(mp), rel);
            assertEquals(GeneratedTree.STAMP.toMillis() / 1000, Files.getLastModifiedTime(mp).toMillis() / 1000, rel);
            if (!Files.isDirectory(src)) {
                assertEquals(Files.size(src), Files.size(mp), rel);
                assertArrayEquals(Files.readAllBytes(src), Files.readAllBytes(mp), rel);
            }
        }
        assertEquals(0, Files.size(m.path("empty.txt")));
        assertEquals("héllo wörld\n", Files.readString(m.path("ünïcødé-名前 ✓.txt"), StandardCharsets.UTF_8));
        assertEquals(List.of("deeper"), GoldenMountTest.list(m.path("emptydir/nested")));
        assertEquals(0, m.fs.openHandleCount(), "every open was released");
        // readdir(3) as ls uses it: "." and ".." are listed (an inode of 0 would hide them),
        // every entry with its type (d_type), the way find tells directories without a stat.
        Process ls = new ProcessBuilder("ls", "-a", "-f", m.path("emptydir").toString()).redirectErrorStream(true).start();
        List<String> names = new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().sorted().toList();
        assertEquals(0, ls.waitFor());
        assertEquals(List.of(".", "..", "nested"), names);
        Process find = new ProcessBuilder("find", m.dir.toString(), "-mindepth", "1", "-type", "d").redirectErrorStream(true).start();
        long dirs = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().count();
        assertEquals(0, find.waitFor());
        assertEquals(expected.stream().filter(rel -> Files.isDirectory(tree.source.resolve(rel))).count(), dirs);
    }

    @Test
    void randomRangesEqualTheSource() throws Exception {
        mount(8L << 20); // smaller than the big file: eviction happens during the run
        byte[] big = Files.readAllBytes(tree.source.resolve(GeneratedTree.BIG));
        List<Long> boundaries = chunkBoundaries(GeneratedTree.BIG);
        assertTrue(boundaries.size() >= 2, "the big file must span several chunks: " + boundaries);
        try (RandomAccessFile f = new RandomAccessFile(m.path(GeneratedTree.BIG).toFile(), "r")) {
            // Straddle every chunk boundary explicitly, then arbitrary ranges including past EOF.
            for (long b : boundaries) {
                checkRange(f, big, Math.max(0, b - 3000), 6000);
            }
            qt().withExamples(300).forAll(longs().between(0, big.length + 5000L), integers().between(0, 3 << 20))
                    .checkAssert((off, len) -> checkRange(f, big, off, len));
        }
        // A packed file: its bytes start part-way into a shared chunk.
        String packed = "small/d07/f042.bin";
        byte[] src = Files.readAllBytes(tree.source.resolve(packed));
        try (RandomAccessFile f = new RandomAccessFile(m.path(packed).toFile(), "r")) {
            qt().withExamples(100).forAll(longs().between(0, src.length + 100L), integers().between(0, 4000))
                    .checkAssert((off, len) -> checkRange(f, src, off, len));
        }
    }

    static void checkRange(RandomAccessFile f, byte[] expected, long off, int len) {
        try {
            f.seek(off);
            byte[] buf = new byte[len];
            int got = 0;
            while (got < len) {
                int n = f.read(buf, got, len - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
            int want = (int) Math.max(0, Math.min(len, expected.length - off));
            assertEquals(want, got, "bytes at " + off + "+" + len);
            int from = (int) Math.min(off, expected.length);
            assertArrayEquals(Arrays.copyOfRange(expected, from, from + want), Arrays.copyOf(buf, got), "bytes at " + off + "+" + len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Long> chunkBoundaries(String path) throws Exception {
        try (VaultReader r = VaultReader.open(tree.vault, GeneratedTree.PASSWORD.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE)) {
            EntryLayout l = r.layout(r.require(path));
            List<Long> out = new ArrayList<>();
            for (int i = 1; i < l.chunkCount(); i++) {
                out.add(l.chunkStartInFile(i));
            }
            return out;
        }
    }

    @Test
    void concurrentReadersOfSameAndDifferentFiles() throws Exception {
        mount(4L << 20);
        List<String> files = List.of(GeneratedTree.BIG, GeneratedTree.BIG, "small/d00/f000.bin", "small/d19/f099.bin",
                "small/d10/f050.bin", "ünïcødé-名前 ✓.txt");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String rel = files.get(t);
                long seed = t;
                jobs.add(pool.submit(() -> {
                    byte[] src = Files.readAllBytes(tree.source.resolve(rel));
                    Random r = new Random(seed);
                    try (RandomAccessFile f = new RandomAccessFile(m.path(rel).toFile(), "r")) {
                        for (int k = 0; k < 150; k++) {
                            long off = r.nextInt(src.length + 10);
                            checkRange(f, src, off, r.nextInt(300_000));
                        }
                    }
                    assertArrayEquals(src, Files.readAllBytes(m.path(rel)), rel);
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

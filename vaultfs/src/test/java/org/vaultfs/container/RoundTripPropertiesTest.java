package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.vaultfs.container.HostileSupport.PW;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round-trip properties: any generated tree sealed with VaultEditor.addTree reopens with the
 * same tree, byte-equal files, entries in UTF-8 byte order, and a clean VaultVerifier.
 * Trees are drawn from a QuickTheories seed (reproducible from the reported seed) and are
 * biased to the edges: empty files, the 256 KiB packing threshold and the CDC bounds ±1,
 * astral-plane names that sort differently in UTF-16 and UTF-8, deep and empty directories,
 * duplicated content.
 */
class RoundTripPropertiesTest {
    static final int[] EDGE_SIZES = {0, 1, 262_143, 262_144, 262_145, 1_048_575, 1_048_576, 1_048_577,
        4_194_303, 4_194_304, 4_194_305};
    /** U+FF61 sorts after any surrogate in UTF-16 but before any 4-byte sequence in UTF-8. */
    static final String[] NAMES = {"plain", "Ünïcödé", "日本語", "emoji\uD83D\uDE00", "\uFF61half", "\uD800\uDC00linear-b",
        "\uD83D\uDE00first", "Ω", "a.b", "-dash", "z", "with space", "tab\u0009in", "\u00e9\u0301combining"};
    static final long TREE_CAP = 14L << 20;

    @TempDir
    Path tmp;

    record Tree(Map<String, byte[]> files, TreeSet<String> dirs) {
    }

    static Tree generate(long seed) {
        Random rnd = new Random(seed);
        Map<String, byte[]> files = new LinkedHashMap<>();
        TreeSet<String> dirs = new TreeSet<>();
        int n = 1 + rnd.nextInt(6);
        long total = 0;
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String parent = "";
            int depth = rnd.nextInt(4) == 0 ? 4 + rnd.nextInt(8) : rnd.nextInt(3);
            for (int d = 0; d < depth; d++) {
                parent = VaultPaths.join(parent, "d" + rnd.nextInt(3) + NAMES[rnd.nextInt(NAMES.length)]);
            }
            String path = VaultPaths.join(parent, "f" + i + NAMES[rnd.nextInt(NAMES.length)]);
            byte[] content;
            if (!contents.isEmpty() && rnd.nextInt(5) == 0) {
                content = contents.get(rnd.nextInt(contents.size())); // duplicate content
            } else {
                int size = rnd.nextBoolean() ? EDGE_SIZES[rnd.nextInt(EDGE_SIZES.length)] : rnd.nextInt(300_000);
                if (total + size > TREE_CAP) {
                    size = rnd.nextInt(4096);
                }
                content = new byte[size];
                if (rnd.nextBoolean()) {
                    rnd.nextBytes(content);
                } else {
                    byte[] word = ("w" + rnd.nextInt(1000) + " ").getBytes(StandardCharsets.US_ASCII);
                    for (int k = 0; k < size; k++) {
                        content[k] = word[k % word.length];
                    }
                }
            }
            total += content.length;
            contents.add(content);
            files.put(path, content);
            for (String p = VaultPaths.parent(path); !p.isEmpty(); p = VaultPaths.parent(p)) {
                dirs.add(p);
            }
        }
        for (int i = rnd.nextInt(3); i > 0; i--) {
            String e = "empty" + i + NAMES[rnd.nextInt(NAMES.length)];
            dirs.add(e);
            if (rnd.nextBoolean()) {
                dirs.add(e + "/nested");
            }
        }
        return new Tree(files, dirs);
    }

    static void materialize(Tree t, Path root) throws IOException {
        for (String d : t.dirs()) {
            Files.createDirectories(root.resolve(d));
        }
        for (Map.Entry<String, byte[]> f : t.files().entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void roundTrip(long seed) {
        Tree t = generate(seed);
        Path work = tmp.resolve("case" + Long.toHexString(seed));
        try {
            Path src = Files.createDirectories(work.resolve("src"));
            materialize(t, src);
            Path vault = work.resolve("v.av3");
            try (VaultEditor ed = VaultEditor.create(vault, PW, HostileSupport.opts())) {
                ed.addTree(src, "");
                ed.commit();
            }
            try (VaultReader r = HostileSupport.open(vault)) {
                Map<String, Boolean> expected = new TreeMap<>();
                t.dirs().forEach(d -> expected.put(d, true));
                t.files().keySet().forEach(f -> expected.put(f, false));
                Map<String, Boolean> actual = new TreeMap<>();
                r.entries().forEach(e -> actual.put(e.path(), e.isDir()));
                assertEquals(expected, actual, "tree differs (seed " + seed + ")");
                // Entries are stored in ascending UTF-8 byte order, not Java's UTF-16 order.
                List<String> stored = r.entries().stream().map(Entry::path).toList();
                List<String> byUtf8 = new ArrayList<>(stored);
                byUtf8.sort((a, b) -> Arrays.compareUnsigned(utf8(a), utf8(b)));
                assertEquals(byUtf8, stored, "entries not in UTF-8 byte order (seed " + seed + ")");
                for (Map.Entry<String, byte[]> f : t.files().entrySet()) {
                    assertEquals(f.getValue().length, r.require(f.getKey()).size());
                    assertArrayEquals(f.getValue(), HostileSupport.read(r, f.getKey()), f.getKey() + " (seed " + seed + ")");
                }
                VerifyReport rep = VaultVerifier.verify(r, ProgressListener.NONE, 2);
                assertTrue(rep.clean(), "verify (seed " + seed + "): " + rep.damaged());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(work);
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void generatedTreesRoundTrip() {
        qt().withExamples(24).withShrinkCycles(0).forAll(longs().all()).checkAssert(this::roundTrip);
    }

    @Test
    void edgeSizesRoundTripEachAtLeastOnce() {
        // The generator reaches every edge size only by chance; pin them all in one tree too.
        Map<String, byte[]> files = new LinkedHashMap<>();
        Random rnd = new Random(42);
        for (int size : EDGE_SIZES) {
            byte[] b = new byte[size];
            rnd.nextBytes(b);
            files.put("edge/" + size + ".bin", b);
        }
        Path vault = HostileSupport.buildVault(tmp.resolve("edges.av3"), files, List.of("empty/dir"));
        try (VaultReader r = HostileSupport.open(vault)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                assertArrayEquals(f.getValue(), HostileSupport.read(r, f.getKey()), f.getKey());
            }
            assertTrue(r.require("empty/dir").isDir());
            assertTrue(VaultVerifier.verify(r, ProgressListener.NONE, 2).clean());
        }
    }

    @Test
    void duplicatedContentIsStoredOnce() {
        byte[] x = new byte[2 << 20];
        new Random(8).nextBytes(x);
        Path one = HostileSupport.buildVault(tmp.resolve("one.av3"), Map.of("a.bin", x), List.of());
        Map<String, byte[]> two = new LinkedHashMap<>();
        two.put("a.bin", x);
        two.put("copy/b.bin", x.clone());
        Path both = HostileSupport.buildVault(tmp.resolve("two.av3"), two, List.of());
        long lenOne;
        long lenTwo;
        try (VaultReader r = HostileSupport.open(one)) {
            lenOne = r.header().dataLen();
        }
        try (VaultReader r = HostileSupport.open(both)) {
            lenTwo = r.header().dataLen();
            assertArrayEquals(x, HostileSupport.read(r, "copy/b.bin"));
        }
        assertTrue(lenOne >= x.length, "random content cannot shrink: " + lenOne);
        assertTrue(lenTwo - lenOne < x.length / 100, "the duplicate added " + (lenTwo - lenOne) + " stored bytes");
    }

    @Test
    void multiGibSparseFileStreamsBack() throws Exception {
        long size = 3L << 30;
        Path src = Files.createDirectories(tmp.resolve("sparse"));
        Path f = src.resolve("huge.img");
        long[] marks = {0, (1L << 30) - 5, (2L << 30) + 12_345, size - 100};
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
            Random rnd = new Random(3);
            for (long m : marks) {
                byte[] b = new byte[100];
                rnd.nextBytes(b);
                raf.seek(m);
                raf.write(b);
            }
        }
        Path vault = tmp.resolve("huge.av3");
        try (VaultEditor ed = VaultEditor.create(vault, PW, HostileSupport.opts())) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (VaultReader r = HostileSupport.open(vault);
             InputStream a = r.openStream(r.require("huge.img"));
             InputStream b = Files.newInputStream(f)) {
            assertEquals(size, r.require("huge.img").size());
            byte[] x = new byte[1 << 20];
            byte[] y = new byte[1 << 20];
            long pos = 0;
            while (true) {
                int n = a.readNBytes(x, 0, x.length);
                int m = b.readNBytes(y, 0, n == 0 ? y.length : n);
                assertEquals(m, n, "length differs at " + pos);
                if (n == 0) {
                    break;
                }
                if (!Arrays.equals(x, 0, n, y, 0, n)) {
                    throw new AssertionError("content differs in the 1 MiB window at " + pos);
                }
                pos += n;
            }
            assertEquals(size, pos);
        }
    }
}

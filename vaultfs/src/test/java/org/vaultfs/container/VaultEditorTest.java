package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

class VaultEditorTest {
    static final byte[] PW = "correct horse battery".getBytes(StandardCharsets.UTF_8);
    static final EditOptions OPTS = EditOptions.defaults().withKdf(CachingKdf.INSTANCE);

    @TempDir
    Path dir;

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] text(int n) {
        StringBuilder sb = new StringBuilder();
        Random r = new Random(n);
        while (sb.length() < n) {
            sb.append("line ").append(r.nextInt(1000)).append(" of some compressible text\n");
        }
        return sb.substring(0, n).getBytes(StandardCharsets.US_ASCII);
    }

    Path tree() throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("docs/deep/er"));
        Files.createDirectories(src.resolve("empty"));
        Files.write(src.resolve("a.txt"), "alpha".getBytes(StandardCharsets.UTF_8));
        Files.write(src.resolve("docs/readme.md"), text(10_000));
        Files.write(src.resolve("docs/deep/er/zero.bin"), new byte[0]);
        Files.write(src.resolve("random.bin"), random(1, 3 * 1024 * 1024 + 17));
        Files.write(src.resolve("text.log"), text(9 * 1024 * 1024));
        Files.write(src.resolve("threshold-1.bin"), random(2, 256 * 1024 - 1));
        Files.write(src.resolve("threshold.bin"), random(3, 256 * 1024));
        Files.setLastModifiedTime(src.resolve("a.txt"), FileTime.fromMillis(1_600_000_000_000L));
        return src;
    }

    static byte[] read(VaultReader r, String path) throws Exception {
        try (InputStream in = r.openStream(r.require(path))) {
            return in.readAllBytes();
        }
    }

    static void assertTreeEquals(Path src, VaultReader r, String prefix) throws Exception {
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.equals(src)) {
                    continue;
                }
                String rel = src.relativize(p).toString().replace('\\', '/');
                String vp = prefix.isEmpty() ? rel : prefix + "/" + rel;
                Entry e = r.require(vp);
                if (Files.isDirectory(p)) {
                    assertTrue(e.isDir(), vp);
                } else {
                    assertArrayEquals(Files.readAllBytes(p), read(r, vp), vp);
                    assertEquals(Files.size(p), e.size(), vp);
                }
            }
        }
    }

    Path seal(Path src) {
        Path vault = dir.resolve("v.aerovault");
        try (VaultEditor ed = VaultEditor.create(vault, PW, OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        return vault;
    }

    @Test
    void sealsTreeAndReadsItBack() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertTreeEquals(src, r, "");
            assertTrue(r.require("empty").isDir());
            assertEquals("2020-09-13T12:26:40Z", r.require("a.txt").modified(), "source mtime is kept");
            assertNotEquals(null, r.require("a.txt").packOffset(), "small files are packed");
            assertEquals(null, r.require("text.log").packOffset(), "large files take the per-file path");
            assertTrue(r.require("text.log").chunks().size() > 1, "multi-chunk file");
            assertTrue(r.manifest().chunks().values().stream().anyMatch(ChunkRecord::storedRaw), "random data stored raw");
            assertTrue(r.manifest().chunks().values().stream().anyMatch(c -> !c.storedRaw()), "text compressed");
            assertTrue(VaultVerifier.verify(r, ProgressListener.NONE).clean());
        }
        assertEquals(List.of("v.aerovault"), listDir(), "no temp or lock file left behind");
    }

    @Test
    void reusedBuffersNeverMixTheBytesOfFilesOrPacks() throws Exception {
        // A budget of two chunk buffers on two threads: every array (chunk buffers, pack
        // arrays, block arrays) is handed back and reused many times while others are in flight.
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("small"));
        Random r = new Random(7);
        for (int i = 0; i < 140; i++) {
            int n = 100_000 + r.nextInt(150_000);
            Files.write(src.resolve("small/f" + i), i % 3 == 0 ? text(n) : random(100 + i, n));
        }
        for (int i = 0; i < 5; i++) {
            Files.write(src.resolve("large-random-" + i), random(200 + i, (5 << 20) + 77_777 * i));
            Files.write(src.resolve("large-text-" + i), text((6 << 20) + 1_001 * i));
        }
        EditOptions opts = OPTS.toBuilder().threads(2).memoryBudget(10L << 20).build();
        Path vault = dir.resolve("v.aerovault");
        try (VaultEditor ed = VaultEditor.create(vault, PW, opts)) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (VaultReader rd = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertTreeEquals(src, rd, "");
            assertTrue(VaultVerifier.verify(rd, ProgressListener.NONE).clean());
        }
    }

    List<String> listDir() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("src")).sorted().toList();
        }
    }

    @Test
    void addDeduplicatesAgainstExistingChunks() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        long before = Files.size(vault);
        Path copy = dir.resolve("copy.log");
        Files.copy(src.resolve("text.log"), copy);
        EditStats stats;
        try (VaultEditor ed = VaultEditor.open(vault, PW, OPTS)) {
            ed.addFile(copy, "again/text.log");
            stats = ed.commit();
        }
        assertEquals(0, stats.bytesStored(), "every chunk already stored");
        assertEquals(Files.size(copy), stats.dedupSavedBytes());
        assertTrue(Files.size(vault) - before < 4096, "only manifest growth");
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertArrayEquals(Files.readAllBytes(copy), read(r, "again/text.log"));
            assertTrue(r.require("again").isDir(), "parent directory created");
        }
    }

    @Test
    void removeCompactsAndKeepsOtherFilesReadable() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        long before = Files.size(vault);
        try (VaultEditor ed = VaultEditor.open(vault, PW, OPTS)) {
            VaultException e = assertThrows(VaultException.class, () -> ed.remove("docs", false));
            assertEquals(Failure.CONFLICT, e.failure());
            assertEquals(1, ed.remove("random.bin", false));
            assertEquals(5, ed.remove("docs", true), "docs, readme.md, deep, deep/er, zero.bin");
            ed.commit();
        }
        assertTrue(Files.size(vault) < before - 3 * 1024 * 1024, "random.bin's blocks are gone");
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertFalse(r.find("random.bin").isPresent());
            assertFalse(r.find("docs/readme.md").isPresent());
            assertArrayEquals(Files.readAllBytes(src.resolve("text.log")), read(r, "text.log"));
            assertArrayEquals(Files.readAllBytes(src.resolve("a.txt")), read(r, "a.txt"));
            assertTrue(VaultVerifier.verify(r, ProgressListener.NONE).clean(), "compaction kept indexes and AADs valid");
        }
    }

    @Test
    void moveRenamesFilesAndSubtrees() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        try (VaultEditor ed = VaultEditor.open(vault, PW, OPTS)) {
            ed.move("docs", "archive/2024/docs");
            ed.move("a.txt", "b.txt");
            assertEquals(Failure.CONFLICT, assertThrows(VaultException.class, () -> ed.move("b.txt", "text.log")).failure());
            assertEquals(Failure.CONFLICT, assertThrows(VaultException.class, () -> ed.move("archive", "archive/x")).failure());
            assertEquals(Failure.NOT_FOUND, assertThrows(VaultException.class, () -> ed.move("nope", "x")).failure());
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertArrayEquals(Files.readAllBytes(src.resolve("docs/readme.md")), read(r, "archive/2024/docs/readme.md"));
            assertTrue(r.require("archive/2024/docs/deep/er").isDir());
            assertArrayEquals("alpha".getBytes(StandardCharsets.UTF_8), read(r, "b.txt"));
            assertFalse(r.find("a.txt").isPresent());
            assertFalse(r.find("docs").isPresent());
        }
    }

    @Test
    void passwordChangeRewrapsKeysOnly() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        byte[] dataBefore = dataSection(vault);
        byte[] newPw = "another long password".getBytes(StandardCharsets.UTF_8);
        try (VaultEditor ed = VaultEditor.open(vault, PW, OPTS)) {
            assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class,
                    () -> ed.changePassword("short".getBytes(StandardCharsets.UTF_8))).failure());
            ed.changePassword(newPw);
            ed.commit();
        }
        assertArrayEquals(dataBefore, dataSection(vault), "blocks untouched");
        assertEquals(Failure.WRONG_PASSWORD, assertThrows(VaultException.class,
                () -> VaultReader.open(vault, PW, CachingKdf.INSTANCE)).failure());
        try (VaultReader r = VaultReader.open(vault, newPw, CachingKdf.INSTANCE)) {
            assertTreeEquals(src, r, "");
        }
    }

    static byte[] dataSection(Path vault) throws Exception {
        byte[] all = Files.readAllBytes(vault);
        VaultHeader h = VaultHeader.parse(Arrays.copyOf(all, VaultHeader.SIZE));
        return Arrays.copyOfRange(all, (int) h.dataOffset(), (int) (h.dataOffset() + h.dataLen()));
    }

    @Test
    void mkdirAndConflicts() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        try (VaultEditor ed = VaultEditor.open(vault, PW, OPTS)) {
            assertTrue(ed.mkdir("/new/nested/dir/"));
            assertFalse(ed.mkdir("new/nested"));
            assertEquals(Failure.CONFLICT, assertThrows(VaultException.class, () -> ed.mkdir("a.txt/sub")).failure());
            assertEquals(Failure.CONFLICT, assertThrows(VaultException.class, () -> ed.mkdir("a.txt")).failure());
            assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> ed.mkdir("x/../y")).failure());
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertTrue(r.require("new").isDir());
            assertTrue(r.require("new/nested/dir").isDir());
        }
    }

    @Test
    void abandonedEditLeavesVaultByteIdentical() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        byte[] before = Files.readAllBytes(vault);
        try (VaultEditor ed = VaultEditor.open(vault, PW, OPTS)) {
            ed.addTree(src, "second");
            ed.remove("a.txt", false);
            // no commit
        }
        assertArrayEquals(before, Files.readAllBytes(vault));
        assertEquals(List.of("v.aerovault"), listDir());
    }

    @Test
    void secondWriterIsRefused() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        try (VaultEditor first = VaultEditor.open(vault, PW, OPTS)) {
            VaultException e = assertThrows(VaultException.class, () -> VaultEditor.open(vault, PW, OPTS));
            assertEquals(Failure.LOCKED, e.failure());
            assertTrue(e.getMessage().contains("vault is locked"));
        }
    }

    @Test
    void createRefusesExistingFileAndShortPassword() throws Exception {
        Path existing = Files.writeString(dir.resolve("x.aerovault"), "keep me");
        assertEquals(Failure.CONFLICT, assertThrows(VaultException.class,
                () -> VaultEditor.create(existing, PW, OPTS)).failure());
        assertEquals("keep me", Files.readString(existing));
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class,
                () -> VaultEditor.create(dir.resolve("y.aerovault"), "1234567".getBytes(StandardCharsets.UTF_8), OPTS)).failure());
    }

    @Test
    void replacingAFileKeepsTheNewContent() throws Exception {
        Path src = tree();
        Path vault = seal(src);
        Path changed = Files.write(dir.resolve("a2.txt"), "changed content".getBytes(StandardCharsets.UTF_8));
        try (VaultEditor ed = VaultEditor.open(vault, PW, OPTS)) {
            ed.addFile(changed, "a.txt");
            assertEquals(Failure.CONFLICT, assertThrows(VaultException.class, () -> ed.addFile(changed, "docs")).failure());
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertArrayEquals("changed content".getBytes(StandardCharsets.UTF_8), read(r, "a.txt"));
            assertEquals(1, r.entries().stream().filter(e -> e.path().equals("a.txt")).count());
        }
    }
}

package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C small-file read: whole contents, the length rule the packer relies on, and what it refuses. */
class NativeFileReadTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsTheLibrary() {
        assumeTrue(NativeFileRead.available(), "the C library is not loaded here");
    }

    /** A read of up to {@code buf.length} bytes into {@code buf}, through a direct buffer of that size. */
    private static int read(Path p, byte[] buf) {
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(buf.length);
        int n = NativeFileRead.read(p, direct, 0, buf.length);
        if (n > 0) {
            direct.get(0, buf, 0, n);
        }
        return n;
    }

    @Test
    void readsAFileWholeUpToTheBuffersLength() throws Exception {
        byte[] buf = new byte[4096];
        Random r = new Random(7);
        for (int size : new int[] {0, 1, 100, 4095, 4096, 4097, 100_000}) {
            byte[] content = new byte[size];
            r.nextBytes(content);
            Path f = Files.write(dir.resolve("f" + size + " é"), content);
            Arrays.fill(buf, (byte) 0x55);
            int n = read(f, buf);
            assertEquals(Math.min(size, buf.length), n, "size " + size);
            assertArrayEquals(Arrays.copyOf(content, n), Arrays.copyOf(buf, n), "size " + size);
        }
        byte[] big = new byte[300_000];
        assertEquals(100_000, read(dir.resolve("f100000 é"), big));
    }

    @Test
    void readsIntoADirectBufferAtAnOffsetUpToItsCapOnly() throws Exception {
        byte[] content = new byte[10_000];
        new Random(8).nextBytes(content);
        Path f = Files.write(dir.resolve("g"), content);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(20_000);
        for (int[] at : new int[][] {{0, 20_000}, {123, 10_000}, {4096, 9_999}, {19_999, 1}, {500, 0}}) {
            for (int i = 0; i < b.capacity(); i++) {
                b.put(i, (byte) 0x55);
            }
            int n = NativeFileRead.read(f, b, at[0], at[1]);
            assertEquals(Math.min(content.length, at[1]), n, "at " + at[0]);
            for (int i = 0; i < b.capacity(); i++) {
                boolean inside = i >= at[0] && i < at[0] + n;
                assertEquals(inside ? content[i - at[0]] : (byte) 0x55, b.get(i), "byte " + i + " reading at " + at[0]);
            }
        }
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> NativeFileRead.read(f, b, 19_000, 2_000));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NativeFileRead.read(f, java.nio.ByteBuffer.allocate(100), 0, 100));
    }

    @Test
    void readAndPrefetchRefuseWhatIsNotARegularFileWithoutFollowingOrBlocking() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "secret");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        byte[] buf = new byte[64];
        assertTrue(read(link, buf) < 0, "a symlink is never followed");
        assertTrue(read(dir.resolve("missing"), buf) < 0);
        assertEquals(NativeFileRead.NOT_REGULAR, read(dir, buf));
        // A FIFO put where a file was listed: refused at once, not waited on for a writer.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(NativeFileRead.NOT_REGULAR, read(fifo, buf)));
        assertArrayEquals(new byte[64], buf, "nothing written on a refusal");
        // The seal's prefetch opens the same way and refuses the same.
        assertTrue(NativeFileRead.prefetch(link) < 0, "a symlink is never followed");
        assertTrue(NativeFileRead.prefetch(dir.resolve("missing")) < 0);
        assertEquals(NativeFileRead.NOT_REGULAR, NativeFileRead.prefetch(dir));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(NativeFileRead.NOT_REGULAR, NativeFileRead.prefetch(fifo)));
    }

    @Test
    void aPrefetchHintsWhatIsNotCachedAndSaysWhatIs() throws Exception {
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Path f = dir.resolve("cold");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true); // clean pages, so they can be dropped below
        }
        assertEquals(NativeFileRead.CACHED, NativeFileRead.prefetch(f), "just written: in the page cache");
        // dd's nocache flag drops the file's clean pages (posix_fadvise DONTNEED).
        Process dd = new ProcessBuilder("dd", "if=" + f, "iflag=nocache", "count=0", "status=none").start();
        assertEquals(0, dd.waitFor());
        assumeTrue(NativeFileRead.prefetch(f) == 0, "this filesystem keeps the pages (tmpfs?): nothing to hint");
        // The hint started reading the whole file: its last page arrives without anyone reading
        // it (the probe of the first byte alone would bring in only the first few pages).
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            long lastPage = (content.length - 1) / 4096 * 4096;
            java.nio.MappedByteBuffer tail = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, lastPage, content.length - lastPage);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!tail.isLoaded()) {
                assertTrue(System.nanoTime() < deadline, "the hinted read never brought the whole file in");
                Thread.sleep(5);
            }
        }
        assertEquals(NativeFileRead.CACHED, NativeFileRead.prefetch(f));
        byte[] buf = new byte[content.length];
        assertEquals(content.length, read(f, buf));
        assertArrayEquals(content, buf);
    }
}

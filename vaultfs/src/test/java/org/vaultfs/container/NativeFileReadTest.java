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

    @Test
    void readsAFileWholeUpToTheBuffersLength() throws Exception {
        byte[] buf = new byte[4096];
        Random r = new Random(7);
        for (int size : new int[] {0, 1, 100, 4095, 4096, 4097, 100_000}) {
            byte[] content = new byte[size];
            r.nextBytes(content);
            Path f = Files.write(dir.resolve("f" + size + " é"), content);
            Arrays.fill(buf, (byte) 0x55);
            int n = NativeFileRead.read(f, buf);
            assertEquals(Math.min(size, buf.length), n, "size " + size);
            assertArrayEquals(Arrays.copyOf(content, n), Arrays.copyOf(buf, n), "size " + size);
        }
        // The thread's direct buffer grows for a larger caller buffer.
        byte[] big = new byte[300_000];
        assertEquals(100_000, NativeFileRead.read(dir.resolve("f100000 é"), big));
    }

    @Test
    void refusesWhatIsNotARegularFileWithoutFollowingOrBlocking() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "secret");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        byte[] buf = new byte[64];
        assertTrue(NativeFileRead.read(link, buf) < 0, "a symlink is never followed");
        assertTrue(NativeFileRead.read(dir.resolve("missing"), buf) < 0);
        assertEquals(NativeFileRead.NOT_REGULAR, NativeFileRead.read(dir, buf));
        // A FIFO put where a file was listed: refused at once, not waited on for a writer.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(NativeFileRead.NOT_REGULAR, NativeFileRead.read(fifo, buf)));
        assertArrayEquals(new byte[64], buf, "nothing written on a refusal");
    }
}

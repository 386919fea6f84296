package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskPrefetchTest {
    static final long WAIT_MS = 30_000;

    @TempDir
    Path tmp;

    /** Descriptors open on files of this test's directory: other threads' descriptors come and go meanwhile. */
    long openDescriptors() throws IOException {
        Path mine = tmp.toRealPath();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(mine);
                } catch (IOException e) {
                    return false; // closed between the listing and the read
                }
            }).count();
        }
    }

    Path data() throws IOException {
        Path f = tmp.resolve("data");
        Files.write(f, new byte[1 << 20]);
        return f;
    }

    @Test
    void advisesThroughItsOwnDescriptorAndClosesIt() throws Exception {
        Path f = data();
        long before = openDescriptors();
        DiskPrefetch hints = DiskPrefetch.open(f);
        assertTrue(hints.awaitBound(WAIT_MS), "libc is bound on Linux, so advice is real here");
        assertEquals(before + 1, openDescriptors());
        assertDoesNotThrow(() -> {
            hints.willNeed(0, 4096);
            hints.willNeed(4096, 1 << 20); // runs past the end: the kernel ignores the rest
            hints.willNeed(10L << 30, 4096); // wholly past the end
            hints.willNeed(0, 0);
            hints.willNeed(-1, 10);
        });
        hints.close();
        assertEquals(before, openDescriptors(), "the descriptor is closed");
        assertDoesNotThrow(() -> {
            hints.willNeed(0, 4096); // after close: ignored, never sent to a reused descriptor number
            hints.close();
        });
        assertEquals(before, openDescriptors());
    }

    @Test
    void closedWhileBindingLeavesNoDescriptorBehind() throws Exception {
        Path f = data();
        long before = openDescriptors();
        DiskPrefetch hints = DiskPrefetch.open(f);
        hints.close();
        assertFalse(hints.awaitBound(WAIT_MS));
        assertEquals(before, openDescriptors());
        assertDoesNotThrow(() -> hints.willNeed(0, 4096));
    }

    @Test
    void aFileThatCannotBeOpenedDropsAllAdvice() throws Exception {
        long before = openDescriptors();
        DiskPrefetch hints = DiskPrefetch.open(tmp.resolve("missing"));
        assertFalse(hints.awaitBound(WAIT_MS));
        assertDoesNotThrow(() -> {
            hints.willNeed(0, 4096);
            hints.close();
        });
        assertEquals(before, openDescriptors());
    }
}

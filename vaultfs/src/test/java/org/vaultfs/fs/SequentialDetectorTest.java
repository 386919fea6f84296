package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SequentialDetectorTest {
    static final int REQ = 128 << 10;

    @Test
    void theKernelsReadaheadOrderIsSequential() {
        SequentialDetector d = new SequentialDetector();
        // Two 1 MiB readahead windows in flight, their 128 KiB requests served by several
        // FUSE threads: the last of the second window can come before the first of the first.
        long[] order = {0, 15, 1, 8, 2, 3, 9, 4, 10, 11, 5, 6, 12, 7, 13, 14, 23, 16, 17, 31, 18, 19, 24};
        for (long i : order) {
            assertTrue(d.record(i * REQ, REQ), "request " + i);
        }
    }

    @Test
    void aJumpIsNot() {
        SequentialDetector d = new SequentialDetector();
        assertTrue(d.record(0, REQ));
        assertFalse(d.record(64L << 20, REQ));
        assertFalse(d.record((64L << 20) + REQ, REQ), "one read on from the new place could be chance");
        assertFalse(d.record((64L << 20) + 2 * REQ, REQ), "so could two");
        assertTrue(d.record((64L << 20) + 3 * REQ, REQ), "three are a stream again");
        assertFalse(d.record(8L << 20, 4096), "back to an earlier part of the file");
    }

    @Test
    void aRandomReaderIsAlmostNeverSequential() {
        SequentialDetector d = new SequentialDetector();
        Random r = new Random(42);
        long pages = (1L << 30) / 4096;
        int sequential = 0;
        int nearPrevious = 0;
        long lastEnd = 0;
        for (int i = 0; i < 1_000_000; i++) {
            long off = (long) (r.nextDouble() * pages) * 4096;
            nearPrevious += Math.abs(off - lastEnd) <= SequentialDetector.WINDOW ? 1 : 0;
            lastEnd = off + 4096;
            sequential += d.record(off, 4096) ? 1 : 0;
        }
        assertTrue(nearPrevious > 3000, "the window alone would take " + nearPrevious + " random reads for a stream");
        assertTrue(sequential <= 2, sequential + " of 1,000,000 random reads taken for sequential");
    }
}

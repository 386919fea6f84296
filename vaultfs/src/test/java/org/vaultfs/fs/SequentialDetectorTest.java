package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(d.record((64L << 20) + REQ, REQ), "reading on from the new place is sequential again");
        assertFalse(d.record(8L << 20, 4096), "back to an earlier part of the file");
    }
}

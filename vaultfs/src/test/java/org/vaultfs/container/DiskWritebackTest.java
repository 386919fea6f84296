package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.crypt.NativeLibrary;

class DiskWritebackTest {
    static final long STEP = DiskWriteback.STEP;

    @TempDir
    Path dir;

    @Test
    void rangesAreHandedToTheDiskOnceAStepHasGatheredEachOnlyOnce() throws Exception {
        List<long[]> asked = java.util.Collections.synchronizedList(new ArrayList<>());
        DiskWriteback w = new DiskWriteback(null, (off, len) -> {
            asked.add(new long[] {off, len});
            return 0;
        });
        w.wrote(STEP - 1);
        w.wrote(100); // a write behind the furthest one (a header) moves nothing
        w.awaitRequests();
        assertEquals(0, asked.size());
        w.wrote(STEP + 10);
        w.awaitRequests();
        w.wrote(STEP + 20);
        w.wrote(3 * STEP);
        w.awaitRequests();
        w.close();
        w.wrote(5 * STEP); // after close: nothing more is asked
        assertEquals(2, asked.size());
        assertArrayEquals(new long[] {0, STEP + 10}, asked.get(0));
        assertArrayEquals(new long[] {STEP + 10, 3 * STEP - STEP - 10}, asked.get(1));
    }

    @Test
    void aRealFileTakesTheAdviceAndKeepsItsBytes() throws Exception {
        Assumptions.assumeTrue(NativeLibrary.loaded(), "the C library is not built here");
        Path target = dir.resolve("v.av3");
        byte[] data = new byte[(int) (STEP + STEP / 2)];
        new Random(5).nextBytes(data);
        try (VaultTempFile t = VaultTempFile.beside(target)) {
            DiskWriteback w = DiskWriteback.of(t.path());
            assertNotSame(DiskWriteback.NONE, w);
            t.writeAt(ByteBuffer.wrap(data), 0);
            w.wrote(data.length);
            w.awaitRequests();
            assertEquals(0, w.lastResult(), "sync_file_range accepted the range");
            assertEquals(data.length, w.started());
            w.close();
            t.finish(data.length);
            t.publish(null);
        }
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void aFileThatCannotBeOpenedGetsNoAdvice() {
        assertEquals(DiskWriteback.NONE, DiskWriteback.of(dir.resolve("missing")));
    }
}

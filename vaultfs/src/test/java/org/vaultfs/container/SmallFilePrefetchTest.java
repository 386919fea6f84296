package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.metadata.NodeCapture;
import org.vaultfs.packing.SmallFilePack;

/** Which finds the seal's prefetch hints, its budget, and its thread's end. */
class SmallFilePrefetchTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsTheLibrary() {
        assumeTrue(NativeFileRead.available(), "the C library is not loaded here");
    }

    private SourceTree.File file(String name, int size) throws Exception {
        Path p = Files.write(dir.resolve(name), new byte[size]);
        return new SourceTree.File(p, name, NodeCapture.stat(p));
    }

    @Test
    void onlySmallNonEmptyRegularFilesAreHintedWithinTheBudget() throws Exception {
        SmallFilePrefetch p = SmallFilePrefetch.start(10_000);
        p.found(file("empty", 0));
        p.found(file("large", SmallFilePack.SMALL_FILE_THRESHOLD));
        Files.createDirectory(dir.resolve("d"));
        p.found(new SourceTree.File(dir.resolve("d"), "d", NodeCapture.stat(dir.resolve("d"))));
        p.found(file("a", 6_000));
        p.found(file("b", 6_000)); // the budget is spent after this one
        p.found(file("c", 10));
        p.close();
        assertTrue(p.awaitEnd(10_000), "the thread ends once its queue is done after close");
        assertEquals(2, p.hinted());
    }

    @Test
    void aTreeFoundCachedStopsTheHintsOnItsOwn() throws Exception {
        SmallFilePrefetch p = SmallFilePrefetch.start(SmallFilePrefetch.BUDGET);
        // Files just written are in the page cache: after WARM of them in a row it stops.
        for (int i = 0; i < SmallFilePrefetch.WARM; i++) {
            p.found(file("f" + i, 100));
        }
        assertTrue(p.awaitEnd(10_000), "not closed, yet ended: the tree is warm");
        p.found(file("later", 100));
        assertEquals(SmallFilePrefetch.WARM, p.hinted());
        p.close();
    }

    @Test
    void fewerCachedFilesThanThatKeepItGoingUntilClosed() throws Exception {
        SmallFilePrefetch p = SmallFilePrefetch.start(SmallFilePrefetch.BUDGET);
        for (int i = 0; i < 10; i++) {
            p.found(file("f" + i, 100));
        }
        assertFalse(p.awaitEnd(200), "still waiting for finds");
        p.close();
        assertTrue(p.awaitEnd(10_000));
        assertEquals(10, p.hinted());
    }
}

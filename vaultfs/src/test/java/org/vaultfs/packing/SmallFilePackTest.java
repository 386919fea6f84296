package org.vaultfs.packing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SmallFilePackTest {
    static final int[] CUTS = {100, 250, 400};

    static SmallFilePack.Cover cover(long start, long len) {
        return SmallFilePack.cover(new SmallFilePack.Member("f", start, len, "t"), CUTS);
    }

    @Test
    void membersMapToTheChunksTheyIntersect() {
        assertEquals(new SmallFilePack.Cover(0, 0, 0), cover(120, 0), "empty file: no chunk, offset 0");
        assertEquals(new SmallFilePack.Cover(0, 1, 10), cover(10, 50), "inside the first chunk");
        assertEquals(new SmallFilePack.Cover(0, 1, 0), cover(0, 100), "exactly the first chunk");
        assertEquals(new SmallFilePack.Cover(1, 1, 0), cover(100, 1), "first byte of the second chunk");
        assertEquals(new SmallFilePack.Cover(0, 2, 99), cover(99, 2), "straddles a boundary");
        assertEquals(new SmallFilePack.Cover(0, 3, 5), cover(5, 395), "spans every chunk");
    }

    @Test
    void packConcatenatesWithoutFramingAndFillsAtTheTarget() {
        SmallFilePack p = new SmallFilePack();
        byte[] a = new byte[SmallFilePack.SMALL_FILE_THRESHOLD - 1];
        Arrays.fill(a, (byte) 7);
        int added = 0;
        while (!p.full()) {
            p.add("f" + added, a, a.length, "t");
            added++;
        }
        assertEquals(17, added, "4 MiB of 256 KiB - 1 files flushes on the 17th");
        assertTrue(p.length() >= SmallFilePack.PACK_TARGET);
        assertEquals((long) (added - 1) * a.length, p.members().get(added - 1).start());
        assertArrayEquals(a, Arrays.copyOfRange(p.data(), a.length, 2 * a.length));
        assertFalse(SmallFilePack.isSmall(SmallFilePack.SMALL_FILE_THRESHOLD));
        assertTrue(SmallFilePack.isSmall(SmallFilePack.SMALL_FILE_THRESHOLD - 1));
    }
}

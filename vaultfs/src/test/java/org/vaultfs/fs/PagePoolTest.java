package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PagePoolTest {
    @Test
    void allocatesOnlyAsPagesAreTakenAndNeverBeyondTheLimit() {
        PagePool pool = new PagePool(4096, 10 * 4096 + 100);
        assertEquals(10, pool.maxPages());
        assertEquals(0, pool.allocatedBytes());
        ByteBuffer[] three = pool.take(3);
        assertEquals(3, three.length);
        assertEquals(10 * 4096, pool.allocatedBytes(), "one slab, capped at the limit");
        assertNull(pool.take(8), "only 7 left");
        assertNotNull(pool.take(7));
        assertEquals(0, pool.available());
        pool.give(three);
        assertEquals(3, pool.available());
    }

    @Test
    void withoutNativeMemoryLeftTheCacheStaysAtWhatItHas() {
        PagePool pool = new PagePool(256 << 10, 100L << 20, failingAfter(2));
        assertNotNull(pool.take(8), "two slabs of four pages");
        assertNull(pool.take(1), "the third slab failed: no page, no error");
        assertEquals(8, pool.maxPages());
        assertEquals(2 << 20, pool.allocatedBytes());
    }

    @Test
    void aCacheShortOfNativeMemoryStillServesEveryRead() {
        PagePool pool = new PagePool(64 << 10, 100L << 20, failingAfter(2));
        ChunkCacheTest.CountingSource src = new ChunkCacheTest.CountingSource();
        ChunkCache cache = new ChunkCache(src, 100L << 20, pool);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5; i++) {
                org.vaultfs.container.ChunkRecord c = ChunkCacheTest.chunk(i, 1 << 20);
                assertArrayEquals(ChunkCacheTest.expected(c), ChunkCacheTest.whole(cache, c));
            }
        }
        assertEquals(2 << 20, cache.allocatedBytes(), "two chunks' worth of pages, as the allocator allowed");
    }

    /** Allocates {@code slabs} slabs, then fails as the JVM does at its cap on direct memory. */
    private static IntFunction<ByteBuffer> failingAfter(int slabs) {
        int[] made = {0};
        return bytes -> {
            if (++made[0] > slabs) {
                throw new OutOfMemoryError("Cannot reserve direct buffer memory");
            }
            return ByteBuffer.allocateDirect(bytes);
        };
    }

    @Test
    void givenBackPagesAreWiped() {
        PagePool pool = new PagePool(1000, 1000);
        ByteBuffer[] one = pool.take(1);
        for (int i = 0; i < 1000; i++) {
            one[0].put(i, (byte) 0x5A);
        }
        pool.give(one);
        ByteBuffer again = pool.take(1)[0];
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, again.get(i), "byte " + i);
        }
    }

    @Test
    void aChunkFilledIntoReusedPagesLeavesNoOldByteInItsLastPage() {
        PagePool pool = new PagePool(100, 300);
        ByteBuffer[] pages = pool.take(3);
        for (ByteBuffer p : pages) {
            for (int i = 0; i < 100; i++) {
                p.put(i, (byte) 0x77); // what an evicted chunk left there
            }
        }
        CachedChunk c = new CachedChunk(pages, 100, 250);
        byte[] plain = new byte[250];
        java.util.Arrays.fill(plain, (byte) 1);
        c.fill(plain, 0);
        for (int i = 0; i < 300; i++) {
            assertEquals(i < 250 ? 1 : 0, pages[i / 100].get(i % 100), "byte " + i);
        }
    }
}

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
        c.wipeTail(); // as the cache does when it publishes the chunk
        for (int i = 0; i < 300; i++) {
            assertEquals(i < 250 ? 1 : 0, pages[i / 100].get(i % 100), "byte " + i);
        }
    }

    /** Pages a sequential reader dropped go unwiped only to the next chunk, which overwrites them; the rest are wiped. */
    @Test
    void droppedPagesAreReusedUnwipedOnlyByAChunkThatOverwritesThem() {
        PagePool pool = new PagePool(64, 64 * 4);
        PlaintextCache cache = new PlaintextCache(pool);
        byte[] old = new byte[128];
        java.util.Arrays.fill(old, (byte) 0x77);
        cache.insert("a", old, 0, 128);
        cache.evict("a");
        assertEquals(2, pool.available(), "a's two pages wait unwiped, not in the pool (the other two of four are free)");
        CachedChunk b = cache.reserve("b", 100);
        for (ByteBuffer p : b.pages()) {
            assertEquals(0x77, p.get(63), "b got a's pages as they were");
        }
        byte[] plain = new byte[100];
        java.util.Arrays.fill(plain, (byte) 1);
        b.fill(plain, 0);
        cache.publish("b", b);
        for (int i = 0; i < 128; i++) {
            assertEquals(i < 100 ? 1 : 0, b.pages()[i / 64].get(i % 64), "byte " + i);
        }
        cache.evict("b");
        ByteBuffer[] left = b.pages();
        cache.close();
        for (ByteBuffer p : left) {
            for (int i = 0; i < 64; i++) {
                assertEquals(0, p.get(i), "close wipes the pages still waiting");
            }
        }
    }

    @Test
    void atMostAReadAheadWindowOfPagesWaitsUnwiped() {
        int pages = PlaintextCache.MAX_UNWIPED_PAGES + 10;
        PagePool pool = new PagePool(16, 16L * pages);
        PlaintextCache cache = new PlaintextCache(pool);
        byte[] one = new byte[16];
        java.util.Arrays.fill(one, (byte) 5);
        for (int i = 0; i < pages; i++) {
            cache.insert("c" + i, one, 0, 16);
        }
        assertEquals(0, pool.available());
        for (int i = 0; i < pages; i++) {
            cache.evict("c" + i);
        }
        assertEquals(10, pool.available(), "the pages beyond the window went back to the pool");
        ByteBuffer[] back = pool.take(10);
        for (ByteBuffer p : back) {
            for (int i = 0; i < 16; i++) {
                assertEquals(0, p.get(i), "wiped on their way back");
            }
        }
    }
}

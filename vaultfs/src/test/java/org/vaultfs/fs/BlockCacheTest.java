package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class BlockCacheTest {
    static ChunkRecord chunk(int i, int len) {
        return new ChunkRecord(String.format("%032x", i), i, 0, len + 28, len, len, "", false);
    }

    /** Plaintext of chunk i is len bytes of value i; counts decodes per chunk. */
    static final class CountingSource implements ChunkSource {
        final AtomicInteger decodes = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public byte[] decode(ChunkRecord c) {
            decodes.incrementAndGet();
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] b = new byte[(int) c.plaintextLen()];
            java.util.Arrays.fill(b, (byte) c.blockIndex());
            return b;
        }
    }

    @Test
    void secondGetIsAHit() {
        CountingSource src = new CountingSource();
        BlockCache cache = new BlockCache(src, 1 << 20);
        byte[] a = cache.get(chunk(1, 100));
        assertSame(a, cache.get(chunk(1, 100)));
        assertEquals(1, src.decodes.get());
        assertEquals(100, cache.usedBytes());
    }

    @Test
    void concurrentReadersOfOneChunkDecodeItOnce() throws Exception {
        CountingSource src = new CountingSource();
        src.gate = new CountDownLatch(1); // hold the first decode until every reader is waiting
        BlockCache cache = new BlockCache(src, 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> cache.get(chunk(7, 1000))));
            }
            Thread.sleep(200);
            src.gate.countDown();
            byte[] first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<byte[]> f : results) {
                assertSame(first, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, src.decodes.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void prefetchThenGetDecodesOnce() throws Exception {
        CountingSource src = new CountingSource();
        src.gate = new CountDownLatch(1);
        BlockCache cache = new BlockCache(src, 1 << 20);
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try {
            cache.prefetch(chunk(3, 10), bg);
            Thread.sleep(50);
            src.gate.countDown();
            assertArrayEquals(new byte[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, cache.get(chunk(3, 10)));
            cache.prefetch(chunk(3, 10), bg);
            assertEquals(1, src.decodes.get());
        } finally {
            bg.shutdownNow();
        }
    }

    @Test
    void evictsLeastRecentlyUsedToStayWithinBytes() {
        CountingSource src = new CountingSource();
        BlockCache cache = new BlockCache(src, 300);
        cache.get(chunk(1, 100));
        cache.get(chunk(2, 100));
        cache.get(chunk(3, 100));
        cache.get(chunk(1, 100)); // 1 is now most recent; 2 is eldest
        cache.get(chunk(4, 100));
        assertTrue(cache.contains(chunk(1, 0).id()));
        assertFalse(cache.contains(chunk(2, 0).id()));
        assertTrue(cache.contains(chunk(3, 0).id()));
        assertTrue(cache.contains(chunk(4, 0).id()));
        assertEquals(300, cache.usedBytes());
        cache.get(chunk(9, 1000)); // larger than the whole cache: served, not kept
        assertFalse(cache.contains(chunk(9, 0).id()));
        assertEquals(300, cache.usedBytes());
    }

    @Test
    void failuresAreNotCachedAndReachEveryWaiter() {
        AtomicInteger calls = new AtomicInteger();
        BlockCache cache = new BlockCache(c -> {
            if (calls.incrementAndGet() == 1) {
                throw new VaultException(Failure.BLOCK_AUTH, "damaged");
            }
            return new byte[4];
        }, 1 << 20);
        VaultException e = assertThrows(VaultException.class, () -> cache.get(chunk(5, 4)));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
        assertEquals(4, cache.get(chunk(5, 4)).length); // retried, as a repairing source would need
        assertEquals(2, calls.get());
    }

    @Test
    void manyThreadsManyChunksStayConsistent() throws Exception {
        CountingSource src = new CountingSource();
        BlockCache cache = new BlockCache(src, 5_000);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int seed = t;
                fs.add(pool.submit(() -> {
                    java.util.Random r = new java.util.Random(seed);
                    for (int k = 0; k < 2000; k++) {
                        int id = r.nextInt(40);
                        byte[] b = cache.get(chunk(id, 1000));
                        assertEquals(1000, b.length);
                        assertEquals((byte) id, b[0]);
                        assertEquals((byte) id, b[999]);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(cache.usedBytes() <= 5_000);
        } finally {
            pool.shutdownNow();
        }
    }
}

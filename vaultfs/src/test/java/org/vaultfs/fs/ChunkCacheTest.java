package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
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

class ChunkCacheTest {
    static ChunkRecord chunk(int i, int len) {
        return new ChunkRecord(String.format("%032x", i), i, 0, len + 28, len, len, "", false);
    }

    /** The whole plaintext of a chunk, read through the cache as a sequential reader would. */
    static byte[] whole(ChunkCache cache, ChunkRecord c) {
        byte[] out = new byte[(int) c.plaintextLen()];
        cache.read(c, 0, out.length, ByteSink.of(out), 0, false);
        return out;
    }

    /** Plaintext of chunk i is len bytes of value i, but byte k of it is i ^ k; counts decodes per chunk. */
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
            return expected(c);
        }
    }

    static byte[] expected(ChunkRecord c) {
        byte[] b = new byte[(int) c.plaintextLen()];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (c.blockIndex() ^ k);
        }
        return b;
    }

    @Test
    void secondReadIsAHit() {
        CountingSource src = new CountingSource();
        ChunkCache cache = new ChunkCache(src, 1 << 20, 64);
        assertArrayEquals(expected(chunk(1, 100)), whole(cache, chunk(1, 100)));
        assertArrayEquals(expected(chunk(1, 100)), whole(cache, chunk(1, 100)));
        assertEquals(1, src.decodes.get());
        assertEquals(128, cache.usedBytes(), "two pages of 64 bytes");
    }

    @Test
    void partialReadsCrossPageBoundaries() {
        CountingSource src = new CountingSource();
        ChunkCache cache = new ChunkCache(src, 1 << 20, 64);
        ChunkRecord c = chunk(9, 1000);
        whole(cache, c);
        byte[] all = expected(c);
        for (int off = 0; off < 1000; off += 37) {
            for (int n : new int[] {1, 63, 64, 65, 200}) {
                int len = Math.min(n, 1000 - off);
                byte[] out = new byte[len + 3];
                cache.read(c, off, len, ByteSink.of(out), 3, false);
                assertArrayEquals(Arrays.copyOfRange(all, off, off + len), Arrays.copyOfRange(out, 3, 3 + len), off + "+" + len);
            }
        }
        assertEquals(1, src.decodes.get());
        VaultException e = assertThrows(VaultException.class, () -> cache.read(c, 990, 20, ByteSink.of(new byte[20]), 0, false));
        assertEquals(Failure.MALFORMED, e.failure(), "a range past the cached chunk's end");
    }

    @Test
    void concurrentReadersOfOneChunkDecodeItOnce() throws Exception {
        CountingSource src = new CountingSource();
        src.gate = new CountDownLatch(1); // hold the first decode until every reader is waiting
        ChunkCache cache = new ChunkCache(src, 1 << 20, 256);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> whole(cache, chunk(7, 1000))));
            }
            Thread.sleep(200);
            src.gate.countDown();
            for (Future<byte[]> f : results) {
                assertArrayEquals(expected(chunk(7, 1000)), f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, src.decodes.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void prefetchThenReadDecodesOnce() throws Exception {
        CountingSource src = new CountingSource();
        src.gate = new CountDownLatch(1);
        ChunkCache cache = new ChunkCache(src, 1 << 20, 4);
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try {
            cache.prefetch(chunk(3, 10), bg);
            Thread.sleep(50);
            src.gate.countDown();
            assertArrayEquals(expected(chunk(3, 10)), whole(cache, chunk(3, 10)));
            cache.prefetch(chunk(3, 10), bg);
            assertEquals(1, src.decodes.get());
        } finally {
            bg.shutdownNow();
        }
    }

    @Test
    void evictsLeastRecentlyUsedToStayWithinBytes() {
        CountingSource src = new CountingSource();
        ChunkCache cache = new ChunkCache(src, 300, 100);
        whole(cache, chunk(1, 100));
        whole(cache, chunk(2, 100));
        whole(cache, chunk(3, 100));
        whole(cache, chunk(1, 100)); // 1 is now most recent; 2 is eldest
        whole(cache, chunk(4, 100));
        assertTrue(cache.contains(chunk(1, 0).id()));
        assertFalse(cache.contains(chunk(2, 0).id()));
        assertTrue(cache.contains(chunk(3, 0).id()));
        assertTrue(cache.contains(chunk(4, 0).id()));
        assertEquals(300, cache.usedBytes());
        assertArrayEquals(expected(chunk(9, 1000)), whole(cache, chunk(9, 1000))); // larger than the whole cache: served, not kept
        assertFalse(cache.contains(chunk(9, 0).id()));
        assertEquals(300, cache.usedBytes());
        assertEquals(300, cache.allocatedBytes(), "never more native memory than the capacity");
    }

    @Test
    void failuresAreNotCachedAndReachEveryWaiter() {
        AtomicInteger calls = new AtomicInteger();
        ChunkCache cache = new ChunkCache(c -> {
            if (calls.incrementAndGet() == 1) {
                throw new VaultException(Failure.BLOCK_AUTH, "damaged");
            }
            return new byte[4];
        }, 1 << 20);
        VaultException e = assertThrows(VaultException.class, () -> whole(cache, chunk(5, 4)));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
        assertEquals(4, whole(cache, chunk(5, 4)).length); // retried, as a repairing source would need
        assertEquals(2, calls.get());
    }

    @Test
    void anEvictedChunkStaysIntactWhileAReaderIsStillCopyingFromIt() throws Exception {
        CountingSource src = new CountingSource();
        ChunkCache cache = new ChunkCache(src, 200, 100); // room for two one-page chunks
        ChunkRecord a = chunk(1, 100);
        whole(cache, a);
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        byte[] got = new byte[100];
        ByteSink slow = new ByteSink() {
            @Override
            public void put(int d, byte[] s, int so, int n) {
                throw new AssertionError("a hit is served from pages");
            }

            @Override
            public void put(int d, ByteBuffer s, int so, int n) {
                copying.countDown();
                try {
                    proceed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.get(so, got, d, n);
            }
        };
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<?> r = reader.submit(() -> cache.read(a, 0, 100, slow, 0, false));
            assertTrue(copying.await(10, TimeUnit.SECONDS));
            // Push a out and churn the other page: a's page must be neither reused nor wiped.
            for (int i = 2; i < 12; i++) {
                assertArrayEquals(expected(chunk(i, 100)), whole(cache, chunk(i, 100)));
            }
            assertFalse(cache.contains(a.id()));
            proceed.countDown();
            r.get(10, TimeUnit.SECONDS);
            assertArrayEquals(expected(a), got);
            // Unpinned now: its page is back, so two chunks fit again.
            whole(cache, chunk(20, 100));
            whole(cache, chunk(21, 100));
            assertTrue(cache.contains(chunk(20, 0).id()) && cache.contains(chunk(21, 0).id()));
            assertEquals(200, cache.allocatedBytes());
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void cachedPlaintextStaysOffTheHeap() {
        CountingSource src = new CountingSource();
        long capacity = 96L << 20;
        ChunkCache cache = new ChunkCache(src, capacity);
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        for (int i = 0; i < 80; i++) {
            whole(cache, chunk(i, 1 << 20));
        }
        System.gc();
        long grown = mem.getHeapMemoryUsage().getUsed() - before;
        assertEquals(80L << 20, cache.usedBytes());
        assertTrue(grown < 16L << 20, "80 MiB cached, heap grew by " + (grown >> 20) + " MiB");
        cache.close();
        assertEquals(0, cache.usedBytes());
    }

    @Test
    void manyThreadsManyChunksStayConsistent() throws Exception {
        CountingSource src = new CountingSource();
        ChunkCache cache = new ChunkCache(src, 5_000, 128);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int seed = t;
                fs.add(pool.submit(() -> {
                    java.util.Random r = new java.util.Random(seed);
                    for (int k = 0; k < 2000; k++) {
                        ChunkRecord c = chunk(r.nextInt(40), 1000);
                        int off = r.nextInt(1000);
                        int n = 1 + r.nextInt(1000 - off);
                        byte[] out = new byte[n];
                        cache.read(c, off, n, ByteSink.of(out), 0, false);
                        assertArrayEquals(Arrays.copyOfRange(expected(c), off, off + n), out);
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(cache.usedBytes() <= 5_000);
            assertTrue(cache.allocatedBytes() <= 5_000);
        } finally {
            pool.shutdownNow();
        }
    }
}

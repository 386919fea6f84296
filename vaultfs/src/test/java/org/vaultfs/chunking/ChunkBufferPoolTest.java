package org.vaultfs.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ChunkBufferPoolTest {
    @Test
    void chunkBuffersAndLentArraysComeFromOneSetWarmestFirst() {
        ChunkBufferPool pool = new ChunkBufferPool(1024, 2);
        ChunkBuffer a = pool.acquire();
        byte[] b = pool.takeArray();
        assertEquals(1024, a.array().length);
        assertEquals(1024, b.length);
        a.release();
        pool.giveArray(b);
        assertSame(b, pool.takeArray(), "the last array given back is the first taken");
        assertSame(a.array(), pool.acquire().array(), "a lent array and a chunk buffer share the pool");
    }

    @Test
    void keepsAtMostMaxIdleAndNothingOfAnotherSize() {
        ChunkBufferPool pool = new ChunkBufferPool(1024, 2);
        byte[] x = pool.takeArray();
        byte[] y = pool.takeArray();
        byte[] z = pool.takeArray();
        pool.giveArray(x);
        pool.giveArray(y);
        pool.giveArray(z); // over the limit: dropped
        pool.giveArray(new byte[512]); // not the pool's size: dropped
        assertSame(y, pool.takeArray());
        assertSame(x, pool.takeArray());
        byte[] fresh = pool.takeArray();
        assertNotSame(z, fresh);
        assertEquals(1024, fresh.length);
    }
}

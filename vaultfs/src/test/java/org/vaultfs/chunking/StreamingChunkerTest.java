package org.vaultfs.chunking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class StreamingChunkerTest {

    @Test
    void matchesWholeBufferOnAllFixturesWithRandomShortReads() {
        Random rnd = new Random(1);
        for (CdcBounds b : List.of(GearChunkerTest.SMALL, GearChunkerTest.FIXED, CdcBounds.DEFAULT)) {
            for (byte[] data : GearChunkerTest.fixtures(b)) {
                int[] whole = GearChunker.cutPoints(data, b);
                // Full reads, one-byte-at-most reads, and random short reads.
                for (int maxRead : new int[] {Integer.MAX_VALUE, 1 + rnd.nextInt(5000), 1 + rnd.nextInt(100_000)}) {
                    if (maxRead == 1 && data.length > 100_000) {
                        continue;
                    }
                    int readSize = 1 + rnd.nextInt(300_000);
                    int[] streamed = streamCuts(data, b, new ShortReadChannel(data, maxRead, rnd.nextLong()), readSize);
                    assertArrayEquals(whole, streamed, b + " len " + data.length + " maxRead " + maxRead);
                }
            }
        }
    }

    @Test
    void matchesWholeBufferOnCraftedMinCut() {
        CdcBounds b = new CdcBounds(4096, 4096, 65536);
        byte[] data = GearChunkerTest.craftHashCutAt(b.min(), b, 1);
        int[] whole = GearChunker.cutPoints(data, b);
        assertEquals(b.min(), whole[0]);
        for (int readSize : new int[] {1, 4095, 4096, 4097, 65536}) {
            assertArrayEquals(whole, streamCuts(data, b, new ShortReadChannel(data, readSize, 8), readSize));
        }
    }

    @Test
    void inputStreamConstructorMatches() {
        byte[] data = GearOracle.xorshift(3_000_000, 99);
        ChunkBufferPool pool = StreamingChunker.newPool(CdcBounds.DEFAULT, StreamingChunker.DEFAULT_READ_SIZE, 4);
        StreamingChunker c = new StreamingChunker(new ByteArrayInputStream(data), CdcBounds.DEFAULT, pool);
        List<Integer> cuts = new ArrayList<>();
        ChunkBuffer chunk;
        while ((chunk = c.next()) != null) {
            cuts.add((int) (chunk.streamOffset() + chunk.length()));
            chunk.release();
        }
        assertArrayEquals(GearChunker.cutPoints(data, CdcBounds.DEFAULT), GearOracle.toArray(cuts));
        assertEquals(data.length, c.position());
    }

    @Test
    void reusesBuffersWhenChunksAreReleased() {
        CdcBounds b = GearChunkerTest.SMALL;
        byte[] data = GearOracle.xorshift(2_000_000, 5);
        ChunkBufferPool pool = StreamingChunker.newPool(b, 4096, 8);
        StreamingChunker c = new StreamingChunker(new ShortReadChannel(data, 4096, 3), b, pool, 4096);
        IdentityHashMap<byte[], Boolean> distinct = new IdentityHashMap<>();
        int chunks = 0;
        ChunkBuffer chunk;
        while ((chunk = c.next()) != null) {
            distinct.put(chunk.array(), Boolean.TRUE);
            chunk.release();
            chunks++;
        }
        assertTrue(chunks > 50);
        // The chunker's working buffer plus the one handed out: nothing per chunk.
        assertTrue(distinct.size() <= 2, "distinct buffers: " + distinct.size());
        assertNull(c.next());
    }

    @Test
    void largeInputStaysWithinBoundedMemory() {
        // 256 MiB generated on the fly: nothing ever holds the whole input.
        CdcBounds b = GearChunkerTest.SMALL;
        long total = 256L * 1024 * 1024;
        ChunkBufferPool pool = StreamingChunker.newPool(b, 65536, 2);
        StreamingChunker c = new StreamingChunker(new XorshiftChannel(total, 77), b, pool, 65536);
        long seen = 0;
        int chunks = 0;
        ChunkBuffer chunk;
        while ((chunk = c.next()) != null) {
            assertEquals(seen, chunk.streamOffset());
            assertTrue(chunk.length() <= b.max());
            assertEquals(pool.bufferCapacity(), chunk.array().length);
            seen += chunk.length();
            chunks++;
            chunk.release();
        }
        assertEquals(total, seen);
        assertTrue(chunks > total / b.max());
    }

    @Test
    void keepsChunksValidWhileCallerHoldsThem() {
        CdcBounds b = GearChunkerTest.SMALL;
        byte[] data = GearOracle.xorshift(500_000, 11);
        ChunkBufferPool pool = StreamingChunker.newPool(b, 10_000, 2);
        StreamingChunker c = new StreamingChunker(new ShortReadChannel(data, 7777, 9), b, pool, 10_000);
        List<ChunkBuffer> held = new ArrayList<>();
        ChunkBuffer chunk;
        while ((chunk = c.next()) != null) {
            held.add(chunk);
        }
        int pos = 0;
        for (ChunkBuffer h : held) {
            assertArrayEquals(Arrays.copyOfRange(data, pos, pos + h.length()), Arrays.copyOf(h.array(), h.length()));
            pos += h.length();
        }
        assertEquals(data.length, pos);
    }

    @Test
    void rejectsPoolTooSmallForBounds() {
        ChunkBufferPool pool = new ChunkBufferPool(65536, 1);
        assertThrows(IllegalArgumentException.class,
                () -> new StreamingChunker(new ShortReadChannel(new byte[1], 1, 1), GearChunkerTest.SMALL, pool, 1));
    }

    @Test
    void readFailureBecomesIoFailure() {
        ReadableByteChannel broken = new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        StreamingChunker c = new StreamingChunker(broken, CdcBounds.DEFAULT, StreamingChunker.newPool(CdcBounds.DEFAULT, 1024, 1), 1024);
        VaultException e = assertThrows(VaultException.class, c::next);
        assertEquals(Failure.IO, e.failure());
    }

    /** Streams {@code data}, checks every chunk's bytes and offset, returns the cut points. */
    static int[] streamCuts(byte[] data, CdcBounds b, ReadableByteChannel ch, int readSize) {
        ChunkBufferPool pool = StreamingChunker.newPool(b, readSize, 3);
        StreamingChunker c = new StreamingChunker(ch, b, pool, readSize);
        List<Integer> cuts = new ArrayList<>();
        int pos = 0;
        ChunkBuffer chunk;
        while ((chunk = c.next()) != null) {
            assertEquals(pos, chunk.streamOffset());
            assertTrue(chunk.length() > 0);
            assertTrue(Arrays.equals(chunk.array(), 0, chunk.length(), data, pos, pos + chunk.length()),
                    "bytes differ at " + pos);
            pos += chunk.length();
            cuts.add(pos);
            chunk.release();
        }
        assertNull(c.next());
        return GearOracle.toArray(cuts);
    }

    /** Returns at most {@code maxRead} (randomly fewer) bytes per read. */
    static final class ShortReadChannel implements ReadableByteChannel {
        private final byte[] data;
        private final int maxRead;
        private final Random rnd;
        private int pos;

        ShortReadChannel(byte[] data, int maxRead, long seed) {
            this.data = data;
            this.maxRead = maxRead;
            this.rnd = new Random(seed);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), data.length - pos), maxRead);
            if (maxRead != Integer.MAX_VALUE) {
                n = 1 + rnd.nextInt(n);
            }
            dst.put(data, pos, n);
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** An endless-looking xorshift stream of fixed length, produced on demand. */
    static final class XorshiftChannel implements ReadableByteChannel {
        private long remaining;
        private long x;

        XorshiftChannel(long length, long seed) {
            this.remaining = length;
            this.x = seed;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(dst.remaining(), remaining);
            for (int i = 0; i < n; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                dst.put((byte) x);
            }
            remaining -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}

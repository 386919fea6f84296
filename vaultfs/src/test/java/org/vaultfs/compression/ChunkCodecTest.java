package org.vaultfs.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class ChunkCodecTest {
    @Test
    void roundTripsAtProfileLevels() {
        for (CompressionProfile p : CompressionProfile.values()) {
            for (int size : new int[] {5000, 700_000}) {
                byte[] data = TestData.text(size, size);
                EncodedChunk e = ChunkCompressor.encode(data, 0, data.length, p.level());
                assertFalse(e.storedRaw(), p + " " + size);
                assertTrue(e.length() < size);
                assertArrayEquals(ChunkCompressor.frame(data, 0, size, p.level()), slice(e));
                byte[] back = ChunkDecompressor.decode(e.data(), e.offset(), e.length(), size, 4 << 20);
                assertArrayEquals(data, back);
            }
        }
    }

    @Test
    void randomDataIsStoredRawWithoutCopy() {
        byte[] data = TestData.random(300_000, 9);
        EncodedChunk e = ChunkCompressor.encode(data, 100, 200_000, 9);
        assertTrue(e.storedRaw());
        assertSame(data, e.data());
        assertEquals(100, e.offset());
        assertEquals(200_000, e.length());
    }

    @Test
    void emptyChunkIsNotProbedIncompressibleButStoredRaw() {
        assertFalse(IncompressibilityProbe.isIncompressible(new byte[0], 0, 0));
        // Any frame is longer than zero bytes, so the size rule stores it raw.
        EncodedChunk e = ChunkCompressor.encode(new byte[0], 0, 0, 9);
        assertTrue(e.storedRaw());
        assertEquals(0, e.length());
    }

    @Test
    void probeSamplesTheWholeChunkUpTo1MiB() {
        // Noise at the head, zeros after it: the 0.5.x probe (first 64 KiB) called it incompressible.
        byte[] noisyHead = new byte[1024 * 1024];
        System.arraycopy(TestData.random(64 * 1024, 1), 0, noisyHead, 0, 64 * 1024);
        assertFalse(IncompressibilityProbe.isIncompressible(noisyHead, 0, noisyHead.length));
        assertFalse(ChunkCompressor.encode(noisyHead, 0, noisyHead.length, 9).storedRaw());

        byte[] noise = TestData.random(1024 * 1024, 2);
        assertTrue(IncompressibilityProbe.isIncompressible(noise, 0, noise.length));
    }

    @Test
    void probeOfALargeChunkReadsSixteenWindowsFromFirstToLastByte() {
        int len = 3 * 1024 * 1024 + 17;
        int[] starts = IncompressibilityProbe.windowStarts(5, len);
        assertEquals(16, starts.length);
        assertEquals(5, starts[0]);
        assertEquals(5 + len - IncompressibilityProbe.WINDOW, starts[15]);
        for (int i = 1; i < 16; i++) {
            assertEquals(5 + (int) ((long) i * (len - IncompressibilityProbe.WINDOW) / 15), starts[i]);
        }
        // Windows hit only noise; the zero gaps between them are never sampled.
        byte[] data = new byte[len + 5];
        byte[] noise = TestData.random(IncompressibilityProbe.WINDOW, 3);
        for (int i = 0; i < 16; i++) {
            byte[] w = TestData.random(IncompressibilityProbe.WINDOW, 100 + i);
            System.arraycopy(w, 0, data, starts[i], w.length);
        }
        assertTrue(IncompressibilityProbe.isIncompressible(data, 5, len));
        // The same windows with zeros in one of them: the sample now shrinks.
        java.util.Arrays.fill(data, starts[7], starts[7] + noise.length, (byte) 0);
        java.util.Arrays.fill(data, starts[8], starts[8] + noise.length, (byte) 0);
        assertFalse(IncompressibilityProbe.isIncompressible(data, 5, len));
    }

    @Test
    void probeDecidesEarlyExactlyAsTheWholeFrameWould() {
        // Random bytes with a growing share of zero runs walk the ratio across 97 % (and far
        // below it, where the probe stops early), at sizes of one window and of sixteen.
        Random rnd = new Random(31);
        int[] sizes = {70_000, 900_000, 1024 * 1024, 1_500_000, 3 * 1024 * 1024 + 5};
        int below = 0;
        int above = 0;
        for (int len : sizes) {
            for (int permille = 0; permille <= 120; permille += 4) {
                byte[] data = TestData.random(len, len + permille);
                int runs = (int) ((long) len * permille / 1000 / 64);
                for (int k = 0; k < runs; k++) {
                    int at = rnd.nextInt(len - 64);
                    Arrays.fill(data, at, at + 64, (byte) 0);
                }
                if (permille == 120) {
                    Arrays.fill(data, 0, len / 2, (byte) 'x'); // very compressible: decided after a fraction
                }
                int[] starts = IncompressibilityProbe.windowStarts(0, len);
                int window = len <= IncompressibilityProbe.MAX_SAMPLE ? len : IncompressibilityProbe.WINDOW;
                long limit = IncompressibilityProbe.threshold((long) window * starts.length);
                ZstdStreamEncoder z = ZstdStreamEncoder.get();
                boolean whole = z.encodeWindows(data, starts, window, 3, Long.MAX_VALUE).length >= limit;
                assertEquals(whole, z.reaches(data, starts, window, 3, limit), "len " + len + ", permille " + permille);
                if (whole) {
                    above++;
                } else {
                    below++;
                }
            }
        }
        assertTrue(above > 10 && below > 10, "the sweep must straddle the threshold: " + above + " above, " + below + " below");
    }

    @Test
    void atTheProbesLevelOnePassDecidesAsTheTwoPassesWould() {
        Random rnd = new Random(77);
        for (int permille = 0; permille <= 80; permille += 2) {
            int len = 50_000 + rnd.nextInt(1_000_000);
            byte[] data = TestData.random(len, permille);
            for (int k = 0; k < len * permille / 1000 / 32; k++) {
                int at = rnd.nextInt(len - 32);
                Arrays.fill(data, at, at + 32, (byte) 0);
            }
            // The reference's two passes, spelled out.
            boolean raw = IncompressibilityProbe.isIncompressible(data, 0, len);
            byte[] full = ChunkCompressor.frame(data, 0, len, 3);
            raw |= full.length >= len;
            EncodedChunk e = ChunkCompressor.encode(data, 0, len, 3);
            assertEquals(raw, e.storedRaw(), "permille " + permille);
            if (!raw) {
                assertArrayEquals(full, Arrays.copyOfRange(e.data(), e.offset(), e.offset() + e.length()));
            }
        }
    }

    @Test
    void probeThresholdIsExactlyTheReferenceInequality() {
        for (int sample = 1; sample <= IncompressibilityProbe.WINDOW; sample++) {
            long t = IncompressibilityProbe.threshold(sample);
            assertTrue(t * 100 >= sample * 97L, "threshold too low at " + sample);
            assertTrue((t - 1) * 100 < sample * 97L, "threshold too high at " + sample);
        }
    }

    @Test
    void probeAgreesWithOracleNearTheBoundary() throws IOException {
        // Random bytes with a growing number of 16-byte zero runs walk the ratio across 97 %.
        Random rnd = new Random(12);
        int near = 0;
        boolean sawTrue = false;
        boolean sawFalse = false;
        for (int runs = 0; runs <= 300; runs += 3) {
            byte[] data = TestData.random(80_000, runs);
            for (int k = 0; k < runs; k++) {
                int at = rnd.nextInt(data.length - 16);
                Arrays.fill(data, at, at + 16, (byte) 0);
            }
            byte[] probe = oracleFrame(data, 3);
            boolean expected = probe.length * 100L >= data.length * 97L;
            assertEquals(expected, IncompressibilityProbe.isIncompressible(data, 0, data.length), "runs " + runs);
            sawTrue |= expected;
            sawFalse |= !expected;
            if (Math.abs(probe.length * 100L - data.length * 97L) < data.length) {
                near++;
            }
        }
        assertTrue(sawTrue && sawFalse && near > 0, "sweep must straddle the boundary, near=" + near);
    }

    @Test
    void bombIsRejectedWithoutLargeAllocation() {
        byte[] zeros = new byte[10 << 20];
        byte[] frame = ChunkCompressor.frame(zeros, 0, zeros.length, 3);
        byte[] one = ChunkCompressor.frame(new byte[1], 0, 1, 3);
        ChunkDecompressor.decode(one, 0, one.length, 1, 1); // warm up thread-local context (an empty payload is refused)
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        VaultException e = assertThrows(VaultException.class,
                () -> ChunkDecompressor.decode(frame, 0, frame.length, 1 << 20, 4 << 20));
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals(Failure.DECOMPRESSION_BOMB, e.failure());
        assertTrue(allocated < (1 << 20) + (256 << 10), "allocated " + allocated);

        byte[] out = new byte[(1 << 20) + 10];
        VaultException into = assertThrows(VaultException.class,
                () -> ChunkDecompressor.decodeInto(frame, 0, frame.length, out, 10, 1 << 20));
        assertEquals(Failure.DECOMPRESSION_BOMB, into.failure());
    }

    @Test
    void declaredLengthBeyondLimitIsRefusedBeforeAllocating() {
        byte[] frame = ChunkCompressor.frame(new byte[10], 0, 10, 3);
        assertEquals(Failure.BOUNDS, assertThrows(VaultException.class,
                () -> ChunkDecompressor.decode(frame, 0, frame.length, (4 << 20) + 1, 4 << 20)).failure());
        assertEquals(Failure.BOUNDS, assertThrows(VaultException.class,
                () -> ChunkDecompressor.decode(frame, 0, frame.length, Long.MAX_VALUE, Long.MAX_VALUE)).failure());
        assertEquals(Failure.BOUNDS, assertThrows(VaultException.class,
                () -> ChunkDecompressor.decode(frame, 0, frame.length, -1, 4 << 20)).failure());
    }

    @Test
    void truncatedCorruptShortAndTrailingGarbageAreMalformed() {
        byte[] data = TestData.text(200_000, 4);
        byte[] frame = ChunkCompressor.frame(data, 0, data.length, 9);
        int n = data.length;
        assertMalformed(Arrays.copyOf(frame, frame.length - 1), n);
        assertMalformed(Arrays.copyOf(frame, frame.length / 2), n);
        assertMalformed(Arrays.copyOf(frame, 3), n);
        byte[] badMagic = frame.clone();
        badMagic[0] ^= 1;
        assertMalformed(badMagic, n);
        byte[] garbage = Arrays.copyOf(frame, frame.length + 7);
        Arrays.fill(garbage, frame.length, garbage.length, (byte) 0x5a);
        assertMalformed(garbage, n);
        // Declared longer than the frame's content: short output.
        assertMalformed(frame, n + 1);
        byte[] badBlockHeader = frame.clone();
        // First block header (after 4-byte magic, 1-byte FHD, 1-byte window descriptor):
        // block type 3 is reserved and must be rejected.
        badBlockHeader[6] |= 0x06;
        assertMalformed(badBlockHeader, n);
    }

    @Test
    void concatenatedFramesDecode() {
        byte[] a = TestData.text(100_000, 1);
        byte[] b = TestData.text(50_000, 2);
        byte[] fa = ChunkCompressor.frame(a, 0, a.length, 3);
        byte[] fb = ChunkCompressor.frame(b, 0, b.length, 19);
        byte[] both = Arrays.copyOf(fa, fa.length + fb.length);
        System.arraycopy(fb, 0, both, fa.length, fb.length);
        byte[] expected = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertArrayEquals(expected, ChunkDecompressor.decode(both, 0, both.length, expected.length, 1 << 20));
    }

    @Test
    void decodesFramesFromTheStreamingApiToo() throws IOException {
        byte[] data = TestData.text(123_456, 8);
        byte[] frame = oracleFrame(data, 5);
        byte[] padded = new byte[frame.length + 20];
        System.arraycopy(frame, 0, padded, 10, frame.length);
        assertArrayEquals(data, ChunkDecompressor.decode(padded, 10, frame.length, data.length, 1 << 20));
    }

    @Test
    void rejectsOutOfRangeLevel() {
        byte[] data = TestData.text(1000, 1);
        assertEquals(Failure.INVALID_ARGUMENT,
                assertThrows(VaultException.class, () -> ChunkCompressor.encode(data, 0, data.length, 23)).failure());
    }

    @Test
    void profilesMatchTheSpecTable() {
        assertEquals(3, CompressionProfile.FAST.level());
        assertEquals(9, CompressionProfile.BALANCED.level());
        assertEquals(19, CompressionProfile.ARCHIVE.level());
        assertSame(CompressionProfile.BALANCED, CompressionProfile.DEFAULT);
        assertEquals(org.vaultfs.chunking.CdcBounds.DEFAULT, CompressionProfile.FAST.bounds());
        assertEquals(org.vaultfs.chunking.CdcBounds.DEFAULT, CompressionProfile.BALANCED.bounds());
        assertEquals(org.vaultfs.chunking.CdcBounds.ARCHIVE, CompressionProfile.ARCHIVE.bounds());
        assertSame(CompressionProfile.ARCHIVE, CompressionProfile.fromId("archive"));
        assertEquals(Failure.INVALID_ARGUMENT,
                assertThrows(VaultException.class, () -> CompressionProfile.fromId("ARCHIVE")).failure());
    }

    private static void assertMalformed(byte[] frame, int plaintextLen) {
        VaultException e = assertThrows(VaultException.class,
                () -> ChunkDecompressor.decode(frame, 0, frame.length, plaintextLen, 1 << 20));
        assertEquals(Failure.MALFORMED, e.failure(), e.getMessage());
    }

    private static byte[] slice(EncodedChunk e) {
        return Arrays.copyOfRange(e.data(), e.offset(), e.offset() + e.length());
    }

    static byte[] oracleFrame(byte[] data, int level) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(sink, level)) {
            z.write(data);
        }
        return sink.toByteArray();
    }
}

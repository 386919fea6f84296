package org.vaultfs.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ZstdOutputStream is zstd-jni's straight wrapper of ZSTD_compressStream2 with continue on
 * write and end on close, the same call pattern as Rust's encode_all; it is the oracle.
 */
class ZstdFrameCompatTest {
    static final int[] SIZES = {0, 1, 1000, 128 * 1024 - 1, 128 * 1024, 128 * 1024 + 1, 256 * 1024, 1024 * 1024 + 17};

    @Test
    void identicalToZstdOutputStreamAcrossLevelsAndShapes() throws IOException {
        Random rnd = new Random(3);
        for (int level : new int[] {19, 3, 9, 1, -5, 9}) {
            for (int size : SIZES) {
                if (level == 19 && size > 256 * 1024) {
                    continue;
                }
                for (byte[] data : new byte[][] {TestData.text(size, 1), TestData.random(size, 2), new byte[size]}) {
                    byte[] expected = oracle(data, level, Integer.MAX_VALUE, rnd);
                    assertArrayEquals(expected, ChunkCompressor.frame(data, 0, data.length, level),
                            "level " + level + " size " + size);
                    assertArrayEquals(expected, oracle(data, level, 1 + rnd.nextInt(70_000), rnd),
                            "oracle itself depends on write split, level " + level + " size " + size);
                }
            }
        }
    }

    @Test
    void honoursOffsetWithinLargerArray() throws IOException {
        byte[] data = TestData.text(300_000, 5);
        byte[] padded = new byte[data.length + 1000];
        System.arraycopy(data, 0, padded, 700, data.length);
        assertArrayEquals(oracle(data, 9, Integer.MAX_VALUE, new Random()), ChunkCompressor.frame(padded, 700, data.length, 9));
    }

    @Test
    void frameHeaderHasNoContentSizeAndNoChecksum() {
        byte[] data = TestData.text(500_000, 7);
        byte[] frame = ChunkCompressor.frame(data, 0, data.length, 9);
        assertEquals(0xFD2FB528, (frame[0] & 0xff) | (frame[1] & 0xff) << 8 | (frame[2] & 0xff) << 16 | (frame[3] & 0xff) << 24);
        int fhd = frame[4] & 0xff;
        assertEquals(0, fhd >>> 6, "Frame_Content_Size_flag");
        assertEquals(0, (fhd >>> 5) & 1, "Single_Segment_flag");
        assertEquals(0, (fhd >>> 2) & 1, "Content_Checksum_flag");
        assertEquals(0, fhd & 3, "Dictionary_ID_flag");
        // The one-shot API records the size, which is why it must not be used.
        byte[] oneShot = Zstd.compress(data, 9);
        assertNotEquals(0, (oneShot[4] & 0xff) >>> 6);
    }

    static byte[] oracle(byte[] data, int level, int maxWrite, Random rnd) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(sink, level)) {
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, maxWrite == Integer.MAX_VALUE ? Integer.MAX_VALUE : 1 + rnd.nextInt(maxWrite));
                z.write(data, pos, n);
                pos += n;
            }
        }
        return sink.toByteArray();
    }
}

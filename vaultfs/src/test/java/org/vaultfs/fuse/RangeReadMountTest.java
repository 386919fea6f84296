package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultReader;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Corrupt;

/**
 * Through a real mount with a cache far smaller than the file: O_DIRECT reads (which the kernel
 * page cache cannot answer) of evicted raw chunks are served from their segments, and a
 * segment changed on disk while mounted fails with EIO instead of being served.
 */
class RangeReadMountTest extends GeneratedTreeMountBase {
    private static final int ALIGN = 4096;

    @Test
    void directReadsOfEvictedChunksAreCheckedSegmentBySegment() throws Exception {
        Path copy = Files.copy(tree.vault, tmp.resolve("live.av3"));
        m = MountedVault.mount(copy, GeneratedTree.PASSWORD, tmp, 2L << 20);
        byte[] src = Files.readAllBytes(tree.source.resolve(GeneratedTree.BIG));
        Path big = m.path(GeneratedTree.BIG);
        assertArrayEquals(src, Files.readAllBytes(big)); // authenticates every chunk once

        long before = m.fs.cache().rangeReads();
        SplittableRandom rnd = new SplittableRandom(21);
        for (int k = 0; k < 60; k++) {
            long off = (long) ALIGN * rnd.nextInt(src.length / ALIGN - 40);
            int len = ALIGN * rnd.nextInt(1, 33);
            assertArrayEquals(Arrays.copyOfRange(src, (int) off, (int) off + len), directRead(big, off, len), "at " + off);
        }
        assertTrue(m.fs.cache().rangeReads() - before >= 30, "reads served from segments: " + (m.fs.cache().rangeReads() - before));

        long victimStart;
        long otherStart;
        try (VaultReader r = VaultReader.open(copy, GeneratedTree.PASSWORD.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE)) {
            EntryLayout l = r.layout(r.require(GeneratedTree.BIG));
            int victim = l.chunkCount() / 2;
            ChunkRecord c = l.chunk(victim);
            victimStart = l.chunkStartInFile(victim);
            otherStart = l.chunkStartInFile(1);
            m.fs.cache().evict(c.id());
            // Changed under the live mount, after the chunk was authenticated.
            Corrupt.flipBit(copy, r.header().dataOffset() + c.dataOffset() + 8 + 12 + ALIGN + 7, 0);
        }
        long page = (victimStart + ALIGN + 7) / ALIGN * ALIGN; // the page holding the flipped byte
        assertThrows(IOException.class, () -> directRead(big, page, ALIGN));
        assertTrue(m.logText().contains("failed authentication"), m.logText());
        long clean = (otherStart / ALIGN + 1) * ALIGN;
        assertArrayEquals(Arrays.copyOfRange(src, (int) clean, (int) clean + ALIGN), directRead(big, clean, ALIGN));
    }

    /** Bypasses the page cache, so every read reaches the filesystem. */
    static byte[] directRead(Path p, long off, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            ByteBuffer b = ByteBuffer.allocateDirect(len + ALIGN).alignedSlice(ALIGN);
            b.limit(len);
            while (b.hasRemaining()) {
                if (ch.read(b, off + b.position()) < 0) {
                    break;
                }
            }
            byte[] out = new byte[b.position()];
            b.flip().get(out);
            return out;
        }
    }
}

package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Reads through a real mount are answered past libfuse's high-level layer, and give the file's
 * bytes: aligned and unaligned, across chunks, at and past the end of the file.
 */
class DirectReadMountTest extends GeneratedTreeMountBase {
    @Test
    void readsThroughTheMountAreAnsweredDirectlyAndExactly() throws Exception {
        m = MountedVault.mount(tree.vault, GeneratedTree.PASSWORD, tmp, 64L << 20);
        byte[] src = Files.readAllBytes(tree.source.resolve(GeneratedTree.BIG));
        Path big = m.path(GeneratedTree.BIG);
        long before = m.mount.directReads();
        SplittableRandom rnd = new SplittableRandom(16);
        int reads = 200;
        for (int i = 0; i < reads; i++) {
            int len = 4096 * (1 + rnd.nextInt(32));
            long off = 4096L * rnd.nextInt((src.length - len) / 4096);
            byte[] got = RangeReadMountTest.directRead(big, off, len);
            assertArrayEquals(Arrays.copyOfRange(src, (int) off, (int) Math.min(src.length, off + len)), got, "at " + off + " + " + len);
        }
        long tail = src.length - src.length % 4096;
        assertArrayEquals(Arrays.copyOfRange(src, (int) tail, src.length), oneRead(big, tail, 8192), "the end");
        assertArrayEquals(new byte[0], oneRead(big, tail + 8192, 4096), "past the end");
        try (var in = Files.newInputStream(big)) { // buffered, unaligned: the kernel's own read sizes
            assertArrayEquals(src, in.readAllBytes());
        }
        long answered = m.mount.directReads() - before;
        assertTrue(answered >= reads + 2, answered + " reads answered directly of at least " + (reads + 2));
    }

    /** One O_DIRECT read call: what it returned, short or empty at the end of the file. */
    private static byte[] oneRead(Path p, long off, int len) throws java.io.IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.READ,
                com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(len + 4096).alignedSlice(4096);
            b.limit(len);
            int n = Math.max(0, ch.read(b, off));
            byte[] out = new byte[n];
            b.flip().get(out);
            return out;
        }
    }
}

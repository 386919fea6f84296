package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Positional reads, small ones straight into the array and block-sized ones through the shared staging buffers. */
class VaultBytesTest {
    @TempDir
    Path dir;

    @Test
    void readsOfEverySizeReturnTheFileBytesAndStopAtTheEnd() throws Exception {
        byte[] content = new byte[(3 << 20) + 12345];
        new SplittableRandom(3).nextBytes(content);
        Path f = Files.write(dir.resolve("f.bin"), content);
        try (VaultBytes vf = VaultBytes.open(f)) {
            long[][] cases = {{0, 100}, {5, 300 << 10}, {17, (1 << 20) + 1}, {1 << 20, 2 << 20},
                    {content.length - 1000, 1 << 20}, {content.length, 400 << 10}, {0, content.length}};
            for (long[] c : cases) {
                int pos = (int) c[0];
                int len = (int) c[1];
                byte[] dst = new byte[len + 7];
                int n = vf.readUpTo(pos, dst, 7, len);
                int expected = Math.max(0, Math.min(len, content.length - pos));
                assertEquals(expected, n, pos + "+" + len);
                assertArrayEquals(Arrays.copyOfRange(content, pos, pos + n), Arrays.copyOfRange(dst, 7, 7 + n), pos + "+" + len);
            }
            VaultException e = assertThrows(VaultException.class, () -> vf.readExact(content.length - 10, 2 << 20, "block 9"));
            assertEquals(Failure.TRUNCATED, e.failure());
        }
    }

    @Test
    void concurrentBlockReadsDoNotShareAStagingBuffer() throws Exception {
        byte[] content = new byte[8 << 20];
        new SplittableRandom(4).nextBytes(content);
        Path f = Files.write(dir.resolve("g.bin"), content);
        ExecutorService pool = Executors.newFixedThreadPool(12); // more readers than kept buffers
        try (VaultBytes vf = VaultBytes.open(f)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    for (int k = 0; k < 40; k++) {
                        int len = (300 << 10) + r.nextInt(2 << 20);
                        int pos = r.nextInt(content.length - len);
                        byte[] dst = new byte[len];
                        assertEquals(len, vf.readUpTo(pos, dst, 0, len));
                        assertArrayEquals(Arrays.copyOfRange(content, pos, pos + len), dst);
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                j.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

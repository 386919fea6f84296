package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Requests are served by the mount's own long-lived threads. With libfuse's loop, jffi attached
 * the serving thread to the JVM for each callback, and every attach counts as a started thread:
 * thousands for the reads below. Each read bypasses the page cache, so every one reaches FUSE.
 */
class SessionLoopMountTest extends GeneratedTreeMountBase {
    private static final int ALIGN = 4096;
    private static final int READERS = 4;
    private static final int READS_EACH = 500;

    @Test
    void concurrentReadsStartNoThreadPerRequest() throws Exception {
        m = MountedVault.mount(tree.vault, GeneratedTree.PASSWORD, tmp, 64L << 20);
        byte[] src = Files.readAllBytes(tree.source.resolve(GeneratedTree.BIG));
        Path big = m.path(GeneratedTree.BIG);
        RangeReadMountTest.directRead(big, 0, ALIGN); // the loop's threads and first-use set-up are in place

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedBefore = threads.getTotalStartedThreadCount();
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                int seed = r;
                results.add(pool.submit(() -> readAtRandom(big, src, seed)));
            }
            for (Future<Integer> f : results) {
                assertTrue(f.get() == READS_EACH);
            }
        } finally {
            pool.shutdownNow();
        }
        long started = threads.getTotalStartedThreadCount() - startedBefore;
        // The readers themselves, plus the mount's decoder and background threads at most.
        assertTrue(started <= READERS + 16, started + " threads started for " + READERS * READS_EACH + " reads");
    }

    /** A vault in a local file is served by one thread per core (at least two), not the eight a remote one gets. */
    @Test
    void aLocalVaultIsServedByOneThreadPerCore() throws Exception {
        m = MountedVault.mount(tree.vault, GeneratedTree.PASSWORD, tmp, 64L << 20);
        RangeReadMountTest.directRead(m.path(GeneratedTree.BIG), 0, ALIGN);
        long serving = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("vaultfs-fuse-loop-\\d+") && t.isAlive()).count();
        assertEquals(SessionLoop.threadsFor(true), serving);
        assertEquals(Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors())), SessionLoop.threadsFor(true));
        assertEquals(8, SessionLoop.threadsFor(false));
    }

    /**
     * After a request its worker keeps looking for the next one for a moment (the device is
     * non-blocking); one reader's back-to-back requests are all answered, and an idle mount
     * costs its serving threads next to no CPU: a worker that never stopped looking would burn
     * the whole second.
     */
    @Test
    void workersLookForTheNextRequestBrieflyAndSleepWhenIdle() throws Exception {
        m = MountedVault.mount(tree.vault, GeneratedTree.PASSWORD, tmp, 64L << 20);
        byte[] src = Files.readAllBytes(tree.source.resolve(GeneratedTree.BIG));
        assertEquals(READS_EACH, readAtRandom(m.path(GeneratedTree.BIG), src, 7));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Thread> serving = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("vaultfs-fuse-loop-\\d+") && t.isAlive()).toList();
        assertTrue(!serving.isEmpty());
        Thread.sleep(50); // past the last request's look-out
        long before = serving.stream().mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum();
        Thread.sleep(1000);
        long used = serving.stream().mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum() - before;
        assertTrue(used < 100_000_000L, "idle serving threads used " + used / 1_000_000 + " ms of CPU in 1 s");
    }

    private static int readAtRandom(Path big, byte[] src, int seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int done = 0;
        for (int i = 0; i < READS_EACH; i++) {
            long off = (long) ALIGN * rnd.nextInt(src.length / ALIGN - 1);
            byte[] got = RangeReadMountTest.directRead(big, off, ALIGN);
            assertArrayEquals(Arrays.copyOfRange(src, (int) off, (int) off + ALIGN), got, "at " + off);
            done++;
        }
        return done;
    }
}

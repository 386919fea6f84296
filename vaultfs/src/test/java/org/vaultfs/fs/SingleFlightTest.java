package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {
    @Test
    void oneClaimantComputesAndTheOthersWaitForIt() throws Exception {
        SingleFlight<String> flight = new SingleFlight<>();
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] jobs = new Future<?>[8];
            for (int i = 0; i < jobs.length; i++) {
                jobs[i] = pool.submit(() -> {
                    CompletableFuture<Void> mine = flight.claim("k");
                    if (mine != null) {
                        computed.incrementAndGet();
                        release.await();
                        flight.finish("k", mine, null);
                    } else {
                        CompletableFuture<Void> theirs = flight.current("k");
                        if (theirs != null) {
                            SingleFlight.await(theirs);
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(100);
            assertTrue(flight.busy("k"));
            release.countDown();
            for (Future<?> j : jobs) {
                j.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, computed.get(), "the first claim computes, the rest share it");
        assertFalse(flight.busy("k"));
    }

    @Test
    void aFailureReachesTheWaitersAndIsNotKept() {
        SingleFlight<String> flight = new SingleFlight<>();
        CompletableFuture<Void> mine = flight.claim("k");
        assertNotNull(mine);
        assertNull(flight.claim("k"), "held");
        assertSame(mine, flight.current("k"));
        IllegalStateException boom = new IllegalStateException("damaged");
        flight.finish("k", mine, boom);
        assertSame(boom, assertThrows(IllegalStateException.class, () -> SingleFlight.await(mine)));
        assertNotNull(flight.claim("k"), "the next claim computes again");
    }
}

package org.vaultfs.legacy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.VaultBytes;
import org.vaultfs.source.VaultSource;
import org.vaultfs.testing.ThreadsEnded;

/**
 * The read-ahead shares the vault's source with the walk, and an interrupted read closes a
 * {@code FileChannel} for all its users: closing it must let reads in flight finish, never
 * interrupt them, and start no more.
 */
class V2PrefixReadAheadTest {
    /** A source whose reads take a while and note any interrupt that reaches them. */
    private static final class SlowSource implements VaultSource {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public long size() {
            return 1L << 30;
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            reads.incrementAndGet();
            long until = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < until) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted.set(true);
                }
                Thread.onSpinWait();
            }
            int n = dst.remaining();
            dst.position(dst.limit());
            return n;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void closingLetsReadsInFlightFinishUninterruptedAndStartsNoMore() throws Exception {
        SlowSource source = new SlowSource();
        V2PrefixReadAhead ahead = V2PrefixReadAhead.start(new VaultBytes(source), 1000, 65_568, 600);
        Thread.sleep(30);
        ahead.close();
        ThreadsEnded.await("vaultfs-v2-prefixes");
        assertFalse(source.interrupted.get(), "a read in flight was interrupted");
        assertTrue(source.reads.get() > 0 && source.reads.get() < 100, source.reads.get() + " reads of the 600 it would make");
    }

    @Test
    void aShortFileGetsNone() {
        assertNull(V2PrefixReadAhead.start(new VaultBytes(new SlowSource()), 0, 65_568, V2PrefixReadAhead.MIN_CHUNKS - 1));
    }
}

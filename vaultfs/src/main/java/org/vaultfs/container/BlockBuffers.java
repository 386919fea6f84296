package org.vaultfs.container;

import java.util.ArrayList;

/**
 * Scratch arrays for whole stored blocks and chunk plaintext, reused across decodes. A mount
 * decodes hundreds of MB/s; fresh arrays of about 1 MiB each, alive while their decode was in
 * flight, overflowed the young generation's survivor space and filled the old generation with
 * dead chunks, which the process then kept as resident memory. Arrays are allocated in 256 KiB
 * steps, and a taker gets the smallest kept one that fits. Callers wipe the part they used
 * before giving an array back.
 */
final class BlockBuffers {
    private static final int STEP = 256 << 10;
    /** Larger arrays (blocks of other writers' giant chunks) are one-offs, not kept. */
    private static final int LARGEST_KEPT = roundUp((4 << 20) + ReaderLimits.AEAD_OVERHEAD);
    /** About the decodes that run at once: a couple of read-ahead threads and the FUSE workers busy on cores. */
    private static final int KEEP = 8;
    private static final ArrayList<byte[]> FREE = new ArrayList<>(KEEP); // guarded by itself

    private BlockBuffers() {
    }

    /** An array of at least {@code minLen} bytes. */
    static byte[] take(int minLen) {
        synchronized (FREE) {
            int best = -1;
            for (int i = 0; i < FREE.size(); i++) {
                int len = FREE.get(i).length;
                if (len >= minLen && (best < 0 || len < FREE.get(best).length)) {
                    best = i;
                }
            }
            if (best >= 0) {
                return FREE.remove(best);
            }
        }
        return new byte[roundUp(minLen)];
    }

    /** Keeps the array for the next taker; when enough are kept, the smallest of them and it is dropped. */
    static void give(byte[] b) {
        if (b.length > LARGEST_KEPT) {
            return;
        }
        synchronized (FREE) {
            if (FREE.size() < KEEP) {
                FREE.add(b);
                return;
            }
            int smallest = 0;
            for (int i = 1; i < FREE.size(); i++) {
                if (FREE.get(i).length < FREE.get(smallest).length) {
                    smallest = i;
                }
            }
            if (FREE.get(smallest).length < b.length) {
                FREE.set(smallest, b);
            }
        }
    }

    private static int roundUp(int len) {
        long r = ((long) len + STEP - 1) / STEP * STEP;
        return (int) Math.min(r, Integer.MAX_VALUE - 16);
    }
}

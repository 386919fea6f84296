package org.vaultfs.bytes;

import java.util.ArrayList;

/**
 * A few reusable scratch arrays shared by all threads. Per-thread buffers would be reallocated
 * for every thread that comes and goes, and fresh arrays per call, alive while the call is in
 * flight, get promoted and fill the old generation with garbage. A taker gets the smallest
 * kept array that fits; new arrays are allocated in steps of {@code step} bytes, so that they
 * fit later takers too, and arrays above {@code largestKept} are one-offs. Callers wipe what
 * they used before giving an array back.
 */
public final class ScratchPool {
    private final int step;
    private final int largestKept;
    private final int keep;
    private final ArrayList<byte[]> free; // guarded by itself

    /** Arrays of exactly {@code size} bytes, {@link #take()} hands them out. */
    public ScratchPool(int size, int keep) {
        this(size, size, keep);
    }

    public ScratchPool(int step, int largestKept, int keep) {
        this.step = step;
        this.largestKept = largestKept;
        this.keep = keep;
        this.free = new ArrayList<>(keep);
    }

    /** An array of at least {@code step} bytes (exactly that many in a pool of one size). */
    public byte[] take() {
        return take(step);
    }

    /** An array of at least {@code minLen} bytes. */
    public byte[] take(int minLen) {
        synchronized (free) {
            int best = -1;
            for (int i = 0; i < free.size(); i++) {
                int len = free.get(i).length;
                if (len >= minLen && (best < 0 || len < free.get(best).length)) {
                    best = i;
                }
            }
            if (best >= 0) {
                return free.remove(best);
            }
        }
        return new byte[roundUp(minLen)];
    }

    /** Keeps the array for the next taker; when enough are kept, the smallest of them and it is dropped. */
    public void give(byte[] b) {
        if (b.length > largestKept) {
            return;
        }
        synchronized (free) {
            if (free.size() < keep) {
                free.add(b);
                return;
            }
            int smallest = 0;
            for (int i = 1; i < free.size(); i++) {
                if (free.get(i).length < free.get(smallest).length) {
                    smallest = i;
                }
            }
            if (free.get(smallest).length < b.length) {
                free.set(smallest, b);
            }
        }
    }

    private int roundUp(int len) {
        long r = ((long) len + step - 1) / step * step;
        return (int) Math.min(r, Integer.MAX_VALUE - 16);
    }
}

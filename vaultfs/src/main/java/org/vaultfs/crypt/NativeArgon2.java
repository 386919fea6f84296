package org.vaultfs.crypt;

import java.nio.ByteBuffer;

/**
 * Argon2id's segment filling in C (src/main/native/argon2_native.c). Every command derives
 * its key exactly once, cold: the Java compression function spends most of that derivation
 * interpreted or waiting for C2, while the C code runs at full speed from the first block.
 * {@link Argon2} keeps everything else (H0, the first blocks, threads and slice barriers, the
 * tag) and calls this per segment, on its own threads.
 */
final class NativeArgon2 {
    private static final boolean AVAILABLE = NativeLibrary.loaded() && probe();

    private NativeArgon2() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** Fills one segment of {@code memory} (native order, zeroed where never written) per RFC 9106 §3.4. */
    static void fillSegment(ByteBuffer memory, int lanes, int laneLength, int segmentLength, int passes, int pass,
                            int lane, int slice) {
        fillSegment(memory, lanes, laneLength, segmentLength, passes, pass, lane, slice, true);
    }

    /** As above; {@code wide = false} keeps to the scalar C compression (differential tests). */
    static void fillSegment(ByteBuffer memory, int lanes, int laneLength, int segmentLength, int passes, int pass,
                            int lane, int slice, boolean wide) {
        if (!memory.isDirect()) {
            throw new IllegalArgumentException("Argon2 memory must be a direct buffer");
        }
        if (fillSegment0(memory, lanes, laneLength, segmentLength, passes, pass, lane, slice, wide) != 0) {
            throw new IllegalArgumentException("Argon2 memory is smaller than " + lanes + " lanes of " + laneLength + " blocks");
        }
    }

    /**
     * {@code bytes} of zeroed memory in native byte order, 2 MiB-aligned, kept out of core dumps
     * and already faulted in, in whichever page size the system gave faster (see the C file);
     * null when the system refuses the mapping. Give it back with {@link #free}, never to the JDK.
     */
    static ByteBuffer allocate(int bytes) {
        ByteBuffer b = allocate0(bytes);
        return b == null ? null : b.order(java.nio.ByteOrder.nativeOrder());
    }

    /** Wipes and unmaps memory from {@link #allocate}; the buffer must not be touched afterwards. */
    static void free(ByteBuffer memory) {
        free0(memory);
    }

    /** Whether the library has the entry point (an older library next to a newer jar would not). */
    private static boolean probe() {
        try {
            return fillSegment0(ByteBuffer.allocate(0), 1, 0, 0, 1, 0, 0, 0, false) == -1; // a heap buffer: refused
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static native ByteBuffer allocate0(long bytes);

    private static native void free0(ByteBuffer memory);

    private static native int fillSegment0(ByteBuffer memory, int lanes, int laneLength, int segmentLength, int passes,
                                           int pass, int lane, int slice, boolean wide);
}

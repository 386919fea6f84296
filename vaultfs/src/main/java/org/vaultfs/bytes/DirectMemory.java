package org.vaultfs.bytes;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Native memory for secrets and caches that must leave the process when their owner is done,
 * not when a collector gets round to it. A heap array of 128 MiB stays committed (and
 * resident) under the parallel collector long after it died; a direct buffer released here
 * is unmapped at once. Release goes through {@code sun.misc.Unsafe.invokeCleaner}, the JDK's
 * supported route for this until the foreign-memory API is final; where that is unavailable
 * the buffer is left to its cleaner and the collector.
 */
public final class DirectMemory {
    private static final MethodHandle INVOKE_CLEANER = findCleaner();
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10);

    private DirectMemory() {
    }

    /** Zero-filled native memory in the platform's byte order (its content never leaves the process). */
    public static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    /** Overwrites the whole buffer (capacity, not just what remains) with zeros. */
    public static void wipe(ByteBuffer b) {
        wipe(b, 0, b.capacity());
    }

    /** Overwrites bytes [from, to) of the buffer, counted from its start, with zeros. */
    public static void wipe(ByteBuffer b, int from, int to) {
        ByteBuffer all = b.duplicate().clear(); // absolute puts stop at the limit
        for (int at = from; at < to; at += ZEROS.capacity()) {
            all.put(at, ZEROS, 0, Math.min(ZEROS.capacity(), to - at));
        }
    }

    /**
     * Wipes the buffer and gives its memory back to the system now. The buffer must be one
     * returned by {@link #allocate} (not a slice) and must not be touched afterwards.
     */
    public static void release(ByteBuffer b) {
        wipe(b);
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(b);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether {@link #release} unmaps at once on this JVM (false: it waits for the collector). */
    static boolean releasesAtOnce() {
        return INVOKE_CLEANER != null;
    }

    private static MethodHandle findCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            MethodHandle m = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            return m.bindTo(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}

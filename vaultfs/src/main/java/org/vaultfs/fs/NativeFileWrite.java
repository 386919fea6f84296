package org.vaultfs.fs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.vaultfs.crypt.NativeLibrary;

/**
 * A small extracted file made in C ({@code filewrite_native.c}): created beside its final name
 * (O_EXCL, never through a link), written, its modification time set, closed, in one call,
 * through a direct buffer of the calling thread's that is wiped after. The JDK's way costs a
 * channel, its cleaner, path objects and a temporary direct buffer per file.
 */
final class NativeFileWrite {
    /** Added to the errno of a failure after the file was created; the file is then gone again. */
    static final int AFTER_CREATE = 1 << 16;
    private static final boolean AVAILABLE = NativeLibrary.loaded() && NativeLibrary.pathsAreUtf8() && linked();
    /** Larger files than this go through the JDK, so no thread keeps a large buffer. */
    static final int MAX_BYTES = 256 * 1024;
    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_BYTES));

    private NativeFileWrite() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Creates {@code name} in {@code dirFd} with {@code mode} holding {@code content[0, len)}
     * (at most {@link #MAX_BYTES}), its modification time {@code seconds}.{@code nanos} when
     * {@code seconds} is not negative. 0; a negative errno when the create failed ({@code -EEXIST}:
     * the name is taken); or {@code -(AFTER_CREATE | errno)} when a later step failed and the
     * file was removed.
     */
    static int create(int dirFd, String name, int mode, byte[] content, int len, long seconds, int nanos) {
        if (len > MAX_BYTES) {
            throw new IllegalArgumentException("a native write takes at most " + MAX_BYTES + " bytes");
        }
        ByteBuffer b = BUFFER.get();
        b.put(0, content, 0, len);
        return create0(dirFd, name.getBytes(StandardCharsets.UTF_8), mode, b, len, seconds, nanos);
    }

    private static boolean linked() {
        try {
            create0(-1, new byte[0], 0, ByteBuffer.allocateDirect(0), 0, -1, 0);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static native int create0(int dirFd, byte[] name, int mode, ByteBuffer buffer, int len, long seconds, int nanos);
}

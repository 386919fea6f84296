package org.vaultfs.container;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.vaultfs.bytes.DirectMemory;
import org.vaultfs.crypt.NativeLibrary;

/**
 * A small source file read whole in C ({@code fileread_native.c}): open (never following a
 * symlink, never blocking on a FIFO put in its place), read, close, in one call, through a
 * direct buffer of the reading thread's. The JDK's way costs a channel, its cleaner and a
 * stream per file, as much of a seal's reading threads' time as the reads.
 */
final class NativeFileRead {
    /** What {@link #read} returns when the path is no longer a regular file. */
    static final int NOT_REGULAR = -(1 << 20);
    private static final boolean AVAILABLE = NativeLibrary.loaded() && NativeLibrary.pathsAreUtf8() && linked();
    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

    private NativeFileRead() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Reads up to {@code buf.length} bytes of {@code p} into {@code buf}: the count read (the
     * whole length when the file holds at least that many), {@link #NOT_REGULAR}, or a negative
     * errno.
     */
    static int read(Path p, byte[] buf) {
        return read(p, buf, 0, buf.length);
    }

    /**
     * As {@link #read(Path, byte[])}, straight into the direct buffer {@code buf} from
     * {@code offset}, at most {@code cap} bytes (no copy through the thread's own buffer).
     */
    static int read(Path p, ByteBuffer buf, int offset, int cap) {
        java.util.Objects.checkFromIndexSize(offset, cap, buf.capacity());
        if (!buf.isDirect()) {
            throw new IllegalArgumentException("a direct buffer");
        }
        return read0(p.toString().getBytes(StandardCharsets.UTF_8), buf.slice(offset, cap), cap);
    }

    /** As {@link #read(Path, byte[])}, into {@code buf} from {@code offset}, at most {@code cap} bytes. */
    static int read(Path p, byte[] buf, int offset, int cap) {
        java.util.Objects.checkFromIndexSize(offset, cap, buf.length);
        ByteBuffer b = BUFFER.get();
        if (b == null || b.capacity() < cap) {
            b = ByteBuffer.allocateDirect(cap);
            BUFFER.set(b);
        }
        int n = read0(p.toString().getBytes(StandardCharsets.UTF_8), b, cap);
        if (n > 0) {
            b.get(0, buf, offset, n);
            // The direct buffer outlives the file: leave no copy of its bytes behind.
            DirectMemory.wipe(b, 0, n);
        }
        return n;
    }

    /** What {@link #prefetch} returns when the file's first byte was in the page cache already. */
    static final int CACHED = 1;

    /**
     * Starts the kernel reading {@code p} into the page cache and returns at once: 0,
     * {@link #CACHED} (no hint given), {@link #NOT_REGULAR} or a negative errno. A hint only;
     * the file is read later by {@link #read}.
     */
    static int prefetch(Path p) {
        return prefetch0(p.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean linked() {
        try {
            read0(new byte[0], ByteBuffer.allocateDirect(0), 0);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static native int read0(byte[] path, ByteBuffer buffer, int cap);

    private static native int prefetch0(byte[] path);
}

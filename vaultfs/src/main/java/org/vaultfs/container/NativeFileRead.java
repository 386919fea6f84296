package org.vaultfs.container;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.vaultfs.crypt.NativeLibrary;

/**
 * A small source file read whole in C ({@code fileread_native.c}): open (never following a
 * symlink, never blocking on a FIFO put in its place), read, close, in one call, into the
 * caller's direct buffer. The JDK's way costs a channel, its cleaner and a
 * stream per file, as much of a seal's reading threads' time as the reads.
 */
final class NativeFileRead {
    /** What {@link #read} returns when the path is no longer a regular file. */
    static final int NOT_REGULAR = -(1 << 20);
    private static final boolean AVAILABLE = NativeLibrary.loaded() && NativeLibrary.pathsAreUtf8() && linked();

    private NativeFileRead() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Reads up to {@code cap} bytes of {@code p} straight into the direct buffer {@code buf} from
     * {@code offset}: the count read ({@code cap} when the file holds at least that many),
     * {@link #NOT_REGULAR}, or a negative errno.
     */
    static int read(Path p, ByteBuffer buf, int offset, int cap) {
        java.util.Objects.checkFromIndexSize(offset, cap, buf.capacity());
        if (!buf.isDirect()) {
            throw new IllegalArgumentException("a direct buffer");
        }
        return read0(p.toString().getBytes(StandardCharsets.UTF_8), buf.slice(offset, cap), cap);
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

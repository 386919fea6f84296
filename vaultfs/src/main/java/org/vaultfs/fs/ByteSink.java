package org.vaultfs.fs;

import java.nio.ByteBuffer;

/**
 * Destination of a read. Lets the FUSE layer copy cached plaintext straight into the
 * kernel's buffer, with no intermediate array per request. Sources are either heap arrays
 * (freshly decoded chunks, verified segments) or the cache's native pages.
 */
public interface ByteSink {
    void put(int destOffset, byte[] src, int srcOffset, int length);

    /** {@code src} is read with absolute indices: its position and limit are ignored and left alone. */
    void put(int destOffset, ByteBuffer src, int srcOffset, int length);

    static ByteSink of(byte[] dest) {
        return of(dest, 0);
    }

    /** Writes destination offset {@code d} to {@code dest[base + d]}. */
    static ByteSink of(byte[] dest, int base) {
        return new ByteSink() {
            @Override
            public void put(int d, byte[] src, int s, int n) {
                System.arraycopy(src, s, dest, base + d, n);
            }

            @Override
            public void put(int d, ByteBuffer src, int s, int n) {
                src.get(s, dest, base + d, n);
            }
        };
    }
}

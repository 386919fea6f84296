package org.vaultfs.fs;

/**
 * Destination of a read. Lets the FUSE layer copy cached plaintext straight into the
 * kernel's buffer, with no intermediate array per request.
 */
@FunctionalInterface
public interface ByteSink {
    void put(int destOffset, byte[] src, int srcOffset, int length);

    static ByteSink of(byte[] dest) {
        return (d, src, s, n) -> System.arraycopy(src, s, dest, d, n);
    }
}

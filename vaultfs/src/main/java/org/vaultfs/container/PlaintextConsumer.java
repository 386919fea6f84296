package org.vaultfs.container;

/**
 * Receives a chunk's authenticated plaintext as {@code buf[off, off+len)}. The array is
 * scratch, valid only during the call and wiped afterwards: copy what must be kept.
 */
@FunctionalInterface
public interface PlaintextConsumer {
    void accept(byte[] buf, int off, int len);
}

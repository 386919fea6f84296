package org.vaultfs.container;

/** Receives progress of long operations, in source (plaintext) bytes. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = n -> { };

    void advanced(long bytes);
}

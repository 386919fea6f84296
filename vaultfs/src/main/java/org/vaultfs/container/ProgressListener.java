package org.vaultfs.container;

/** Receives progress of long operations, in source (plaintext) bytes. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = n -> { };

    void advanced(long bytes);

    /**
     * The new vault has replaced the old one at {@code vault} (its detached sidecar, if any,
     * follows next): from here an interrupted edit has landed.
     */
    default void published(java.nio.file.Path vault) {
    }
}

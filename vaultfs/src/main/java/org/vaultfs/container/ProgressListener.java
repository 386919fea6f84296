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

    /** A file has been read in whole (its blocks may still be in the pipeline); for a files-done count. */
    default void fileDone(String vaultPath) {
    }

    /**
     * An entry of a source tree was left out, or stored as it was while changing; {@code reason}
     * says what happened in a few words. The write carries on: one bad entry never aborts it.
     */
    default void skipped(java.nio.file.Path path, SkipKind kind, String reason) {
    }
}

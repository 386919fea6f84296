package org.vaultfs.fs;

import org.vaultfs.container.ChunkRecord;

/**
 * Where decoded chunk plaintext comes from. The seam for error correction: a repairing
 * source can wrap the plain reader source, try the block, and on {@code BLOCK_AUTH} rebuild
 * it from parity before giving up, without the cache or the FUSE layer changing.
 */
@FunctionalInterface
public interface ChunkSource extends AutoCloseable {
    /**
     * Returns the authenticated plaintext of the whole chunk; throws
     * {@link org.vaultfs.error.VaultException} ({@code BLOCK_AUTH} on damage) otherwise.
     */
    byte[] decode(ChunkRecord chunk);

    /**
     * True when {@link #decode} hands out arrays it keeps (a cache): callers must then neither
     * modify nor wipe them; the source wipes them itself when it drops them.
     */
    default boolean sharesResults() {
        return false;
    }

    /** Releases what the source opened itself (a sidecar); the vault reader stays its owner's. */
    @Override
    default void close() {
    }
}

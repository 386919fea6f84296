package org.vaultfs.fs;

import java.nio.ByteBuffer;
import org.vaultfs.container.ChunkCheckpoints;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.DecodedChunk;
import org.vaultfs.container.PlaintextConsumer;

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
     * Decodes like {@link #decode}, keeping checkpoints for later range reads when the chunk
     * allows them. Sources that cannot keep any return the plaintext alone.
     */
    default DecodedChunk decodeWithCheckpoints(ChunkRecord chunk) {
        return new DecodedChunk(decode(chunk), null);
    }

    /**
     * Decodes like {@link #decodeWithCheckpoints} but hands the plaintext to {@code to}, valid
     * only during the call: a source may decode into scratch it reuses, so that a long-running
     * reader makes no garbage of chunk size. Returns the checkpoints, or null.
     */
    default ChunkCheckpoints decodeInto(ChunkRecord chunk, PlaintextConsumer to) {
        DecodedChunk d = decodeWithCheckpoints(chunk);
        try {
            to.accept(d.plaintext(), 0, d.plaintext().length);
        } finally {
            if (!sharesResults()) {
                java.util.Arrays.fill(d.plaintext(), (byte) 0);
            }
        }
        return d.checkpoints();
    }

    /**
     * Whether {@link #decodeIntoPages} can decode this chunk (the vault reader can for chunks
     * stored raw, when the AEAD runs in C); false sends the caller to {@link #decodeInto}.
     */
    default boolean decodesIntoPages(ChunkRecord chunk) {
        return false;
    }

    /**
     * Decodes a chunk {@link #decodesIntoPages} accepts straight into consecutive native
     * {@code pages} of {@code pageBytes} each; returns its checkpoints, or null. Throws like
     * {@link #decode}; the pages may then hold anything and must be wiped.
     */
    default ChunkCheckpoints decodeIntoPages(ChunkRecord chunk, ByteBuffer[] pages, int pageBytes) {
        throw new UnsupportedOperationException("this source decodes through the heap only");
    }

    /**
     * Authenticates the chunk only for its checkpoints, keeping no plaintext; null when it
     * gets none. Throws like {@link #decode} on damage.
     */
    default ChunkCheckpoints checkpointsOnly(ChunkRecord chunk) {
        DecodedChunk d = decodeWithCheckpoints(chunk);
        if (!sharesResults()) {
            java.util.Arrays.fill(d.plaintext(), (byte) 0);
        }
        return d.checkpoints();
    }

    /**
     * Copies part of a chunk decoded earlier, reading only the segments that hold it. False
     * when that is not possible (the stored bytes changed, or this source cannot): the caller
     * then decodes the whole chunk, which reports or repairs what is wrong.
     */
    default boolean readVerified(ChunkCheckpoints checkpoints, long offset, int len, byte[] dst, int dstOff) {
        return false;
    }

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

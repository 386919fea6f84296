package org.vaultfs.container;

import org.vaultfs.crypt.SivCheckpoints;

/**
 * A stored-raw chunk that has been authenticated whole, with what it takes to read any part
 * of it again from the vault file without decoding the rest (see {@link SivCheckpoints}).
 * Obtained from {@link VaultReader#readChunkWithCheckpoints}; holds key material until
 * {@link #destroy}.
 */
public final class ChunkCheckpoints {
    private final ChunkRecord chunk;
    private final long ciphertextPos;
    private final SivCheckpoints siv;

    ChunkCheckpoints(ChunkRecord chunk, long ciphertextPos, SivCheckpoints siv) {
        this.chunk = chunk;
        this.ciphertextPos = ciphertextPos;
        this.siv = siv;
    }

    public ChunkRecord chunk() {
        return chunk;
    }

    long ciphertextPos() {
        return ciphertextPos;
    }

    SivCheckpoints siv() {
        return siv;
    }

    /** Heap kept alive by these checkpoints: about 16 bytes per 4 KiB of chunk. */
    public long retainedBytes() {
        return siv.retainedBytes() + 64;
    }

    public void destroy() {
        siv.destroy();
    }
}

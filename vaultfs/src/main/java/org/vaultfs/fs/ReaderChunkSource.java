package org.vaultfs.fs;

import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultReader;

/** Decodes chunks straight from the vault file, with no repair. */
public final class ReaderChunkSource implements ChunkSource {
    private final VaultReader reader;

    public ReaderChunkSource(VaultReader reader) {
        this.reader = reader;
    }

    @Override
    public byte[] decode(ChunkRecord chunk) {
        return reader.readChunk(chunk);
    }
}

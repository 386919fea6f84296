package org.vaultfs.fs;

import java.nio.ByteBuffer;
import org.vaultfs.container.ChunkCheckpoints;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.DecodedChunk;
import org.vaultfs.container.PlaintextConsumer;
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

    @Override
    public DecodedChunk decodeWithCheckpoints(ChunkRecord chunk) {
        return reader.readChunkWithCheckpoints(chunk);
    }

    @Override
    public ChunkCheckpoints decodeInto(ChunkRecord chunk, PlaintextConsumer to) {
        return reader.readChunkInto(chunk, to);
    }

    @Override
    public boolean decodesIntoPages(ChunkRecord chunk) {
        return reader.readsIntoPages(chunk);
    }

    @Override
    public ChunkCheckpoints decodeIntoPages(ChunkRecord chunk, ByteBuffer[] pages, int pageBytes) {
        return reader.readChunkIntoPages(chunk, pages, pageBytes);
    }

    @Override
    public ChunkCheckpoints checkpointsOnly(ChunkRecord chunk) {
        return reader.authenticateForRanges(chunk);
    }

    @Override
    public boolean readVerified(ChunkCheckpoints checkpoints, long offset, int len, byte[] dst, int dstOff) {
        return reader.readVerifiedRange(checkpoints, offset, len, dst, dstOff);
    }
}

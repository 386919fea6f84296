package org.vaultfs.compression;

/** Chooses and produces the stored form of a chunk, as the reference writer does. */
public final class ChunkCompressor {
    private ChunkCompressor() {
    }

    /**
     * Stored raw if the probe finds the chunk incompressible, or if the full pass at
     * {@code level} does not come out strictly smaller than the plaintext.
     */
    public static EncodedChunk encode(byte[] chunk, int off, int len, int level) {
        java.util.Objects.checkFromIndexSize(off, len, chunk.length);
        ZstdStreamEncoder.checkLevel(level);
        if (IncompressibilityProbe.isIncompressible(chunk, off, len)) {
            return new EncodedChunk(chunk, off, len, true);
        }
        byte[] frame = ZstdStreamEncoder.get().encode(chunk, off, len, level, len);
        if (frame == null) {
            return new EncodedChunk(chunk, off, len, true);
        }
        return new EncodedChunk(frame, 0, frame.length, false);
    }

    /**
     * The zstd frame alone, byte-identical to the reference's {@code encode_all}, with no
     * raw fallback; for callers that need the frame itself (tests, tooling).
     */
    public static byte[] frame(byte[] src, int off, int len, int level) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        return ZstdStreamEncoder.get().encode(src, off, len, level, Long.MAX_VALUE);
    }
}

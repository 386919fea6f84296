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
        if (level == IncompressibilityProbe.LEVEL && len <= IncompressibilityProbe.MAX_SAMPLE) {
            return probeIsThePass(chunk, off, len);
        }
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
     * At the probe's own level, on a chunk the probe samples whole, the probe's frame is the
     * full pass's frame: compressed once, decided as the two passes would decide. A frame
     * under the probe's threshold (97 %) is also under the chunk's length, so the size rule
     * never stores it raw.
     */
    private static EncodedChunk probeIsThePass(byte[] chunk, int off, int len) {
        byte[] frame = ZstdStreamEncoder.get().encode(chunk, off, len, IncompressibilityProbe.LEVEL,
                IncompressibilityProbe.threshold(len));
        if (frame == null || frame.length >= len) {
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

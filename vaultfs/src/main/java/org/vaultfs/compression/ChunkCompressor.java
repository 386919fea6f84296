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
        EncodedChunk e = encodeBorrowed(chunk, off, len, level);
        return e.storedRaw() ? e : new EncodedChunk(java.util.Arrays.copyOfRange(e.data(), 0, e.length()), 0, e.length(), false);
    }

    /**
     * As {@link #encode}, but a frame is lent from the calling thread's scratch: it stays valid
     * only until this thread's next call into this class. For a caller that seals it at once,
     * this spares copying every frame into an array of its own.
     */
    public static EncodedChunk encodeBorrowed(byte[] chunk, int off, int len, int level) {
        java.util.Objects.checkFromIndexSize(off, len, chunk.length);
        ZstdStreamEncoder.checkLevel(level);
        long limit = len;
        if (level == IncompressibilityProbe.LEVEL && len <= IncompressibilityProbe.MAX_SAMPLE) {
            // At the probe's own level, on a chunk the probe samples whole, the probe's frame is
            // the full pass's frame: compressed once, decided as the two passes would decide.
            // Raw once it reaches the probe's threshold (97 %), which is at most the chunk's
            // length, so the size rule (raw unless strictly smaller) is covered too.
            limit = Math.min(limit, IncompressibilityProbe.threshold(len));
        } else if (IncompressibilityProbe.isIncompressible(chunk, off, len)) {
            return new EncodedChunk(chunk, off, len, true);
        }
        ZstdStreamEncoder z = ZstdStreamEncoder.get();
        int n = z.encodeInScratch(chunk, off, len, level, limit);
        if (n < 0) {
            return new EncodedChunk(chunk, off, len, true);
        }
        return new EncodedChunk(z.scratch(), 0, n, false);
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

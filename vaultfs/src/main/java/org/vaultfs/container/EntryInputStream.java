package org.vaultfs.container;

import java.io.InputStream;
import java.util.function.Function;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Streams a file by decoding its chunks in order, holding one decoded chunk at a time. The
 * decoder is the reader's own, or a repairing or caching one from the filesystem layer.
 */
public final class EntryInputStream extends InputStream {
    private final Function<ChunkRecord, byte[]> decoder;
    private final boolean wipeChunks;
    private final EntryLayout layout;
    private long pos;
    private int chunkIndex = -1;
    private byte[] chunk;
    private long chunkStart;

    /**
     * @param wipeChunks zero each decoded chunk once passed; false when the decoder hands out
     *     arrays it keeps (a cache), which must not be modified
     */
    public EntryInputStream(EntryLayout layout, Function<ChunkRecord, byte[]> decoder, boolean wipeChunks) {
        this.layout = layout;
        this.decoder = decoder;
        this.wipeChunks = wipeChunks;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        long size = layout.size();
        if (pos >= size) {
            return -1;
        }
        int i = layout.chunkAt(pos);
        if (i != chunkIndex) {
            release();
            chunk = decoder.apply(layout.chunk(i));
            chunkIndex = i;
            chunkStart = layout.chunkStartInFile(i);
        }
        int inChunk = (int) (pos - chunkStart);
        int n = (int) Math.min(Math.min(len, chunk.length - inChunk), size - pos);
        if (n <= 0) {
            // Never report 0 bytes for a non-empty request: callers loop until -1.
            throw new VaultException(Failure.MALFORMED, "chunk " + layout.chunk(i).id() + " does not hold file offset " + pos);
        }
        System.arraycopy(chunk, inChunk, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, layout.size() - pos));
        pos += k;
        return k;
    }

    /** Moves to {@code newPos} (any value up to the size; at or past it, reads give -1); the decoded chunk is kept if it still covers it. */
    void seek(long newPos) {
        if (newPos < 0) {
            throw new IllegalArgumentException("negative position " + newPos);
        }
        pos = newPos;
    }

    long position() {
        return pos;
    }

    long size() {
        return layout.size();
    }

    private void release() {
        // Decoded plaintext: do not leave it on the heap longer than needed.
        if (chunk != null && wipeChunks) {
            java.util.Arrays.fill(chunk, (byte) 0);
        }
        chunk = null;
    }

    @Override
    public void close() {
        release();
    }
}

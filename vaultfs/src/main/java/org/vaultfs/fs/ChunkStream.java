package org.vaultfs.fs;

import java.io.InputStream;
import java.util.Arrays;
import org.vaultfs.container.EntryLayout;

/**
 * Streams one file's bytes from a {@link ChunkSource}, holding one decoded chunk at a time, so
 * extraction reads through the same seam as the mount (and gets its parity repair).
 */
final class ChunkStream extends InputStream {
    private final ChunkSource source;
    private final EntryLayout layout;
    private long pos;
    private int chunkIndex = -1;
    private byte[] chunk;
    private long chunkStart;

    ChunkStream(ChunkSource source, EntryLayout layout) {
        this.source = source;
        this.layout = layout;
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
        if (pos >= layout.size()) {
            return -1;
        }
        int i = layout.chunkAt(pos);
        if (i != chunkIndex) {
            wipe();
            chunk = source.decode(layout.chunk(i));
            chunkIndex = i;
            chunkStart = layout.chunkStartInFile(i);
        }
        int inChunk = (int) (pos - chunkStart);
        int n = (int) Math.min(Math.min(len, chunk.length - inChunk), layout.size() - pos);
        if (n <= 0) {
            throw new org.vaultfs.error.VaultException(org.vaultfs.error.Failure.MALFORMED, "chunk "
                    + layout.chunk(i).id() + " is shorter than the manifest says");
        }
        System.arraycopy(chunk, inChunk, b, off, n);
        pos += n;
        return n;
    }

    private void wipe() {
        // Decoded plaintext: do not leave it on the heap longer than needed (a caching source
        // owns its arrays and wipes them on eviction).
        if (chunk != null && !source.sharesResults()) {
            Arrays.fill(chunk, (byte) 0);
        }
        chunk = null;
    }

    @Override
    public void close() {
        wipe();
    }
}

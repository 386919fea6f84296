package org.vaultfs.container;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * Random access to one file of a vault: each read decodes (and authenticates) only the chunk
 * under the position, keeping it while reads stay inside it. Read-only; not thread-safe, like
 * any channel with a position.
 */
public final class EntryChannel implements SeekableByteChannel {
    private final EntryInputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private boolean open = true;

    private EntryChannel(EntryInputStream in) {
        this.in = in;
    }

    /**
     * A channel over {@code layout}'s file with chunks from {@code decoder}; {@code wipeChunks}
     * as for {@link EntryInputStream}.
     */
    public static EntryChannel open(EntryLayout layout, java.util.function.Function<ChunkRecord, byte[]> decoder, boolean wipeChunks) {
        return new EntryChannel(new EntryInputStream(layout, decoder, wipeChunks));
    }

    @Override
    public int read(ByteBuffer dst) throws ClosedChannelException {
        ensureOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n = in.read(buf, 0, Math.min(buf.length, dst.remaining()));
        if (n > 0) {
            dst.put(buf, 0, n);
            java.util.Arrays.fill(buf, 0, n, (byte) 0);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws ClosedChannelException {
        ensureOpen();
        return in.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws ClosedChannelException {
        ensureOpen();
        in.seek(newPosition);
        return this;
    }

    @Override
    public long size() throws ClosedChannelException {
        ensureOpen();
        return in.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        in.close();
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}

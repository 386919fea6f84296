package org.vaultfs.chunking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.vaultfs.error.VaultException;

/**
 * Gear CDC over a channel, yielding exactly the chunks {@link GearChunker#cutPoints} gives
 * for the same bytes (the hash resets at each cut and never looks ahead, so feeding it in
 * pieces cannot move a boundary).
 *
 * <p>Bytes are read straight into the buffer that will be handed out, so a chunk is never
 * copied whole; only the read-ahead past a cut (under one read) moves to the next buffer.
 * The chunker itself holds one buffer of {@code max + readSize} bytes whatever the input
 * size. Not thread-safe; does not close the channel.
 */
public final class StreamingChunker {
    public static final int DEFAULT_READ_SIZE = 256 * 1024;

    private final ReadableByteChannel in;
    private final ChunkBufferPool pool;
    private final GearScanner scanner;
    private final int readSize;
    private ChunkBuffer current;
    private int filled;
    private int scanned;
    private long streamOffset;
    private boolean eof;

    /**
     * @param pool supplies buffers of at least {@code bounds.max() + readSize} bytes; see
     *     {@link #newPool(CdcBounds, int, int)}
     */
    public StreamingChunker(ReadableByteChannel in, CdcBounds bounds, ChunkBufferPool pool, int readSize) {
        if (readSize <= 0) {
            throw new IllegalArgumentException("readSize must be positive");
        }
        if ((long) pool.bufferCapacity() < (long) bounds.max() + readSize) {
            throw new IllegalArgumentException("pool buffers of " + pool.bufferCapacity()
                    + " bytes cannot hold max " + bounds.max() + " + read size " + readSize);
        }
        this.in = in;
        this.pool = pool;
        this.scanner = new GearScanner(bounds);
        this.readSize = readSize;
    }

    public StreamingChunker(ReadableByteChannel in, CdcBounds bounds, ChunkBufferPool pool) {
        this(in, bounds, pool, DEFAULT_READ_SIZE);
    }

    public StreamingChunker(InputStream in, CdcBounds bounds, ChunkBufferPool pool) {
        this(Channels.newChannel(in), bounds, pool, DEFAULT_READ_SIZE);
    }

    /** A pool sized for this chunker; {@code maxIdle} should cover the chunks kept in flight. */
    public static ChunkBufferPool newPool(CdcBounds bounds, int readSize, int maxIdle) {
        return new ChunkBufferPool(bounds.max() + readSize, maxIdle);
    }

    /** Total bytes handed out so far. */
    public long position() {
        return streamOffset;
    }

    /**
     * The next chunk, owned by the caller until it calls {@link ChunkBuffer#release()}, or
     * null at end of stream.
     */
    public ChunkBuffer next() {
        if (current == null) {
            if (eof) {
                return null;
            }
            current = pool.acquire();
        }
        while (true) {
            if (scanned < filled) {
                int cut = scanner.scan(current.array(), scanned, filled);
                if (cut >= 0) {
                    return handOff(cut);
                }
                scanned = filled;
            }
            if (eof) {
                if (filled == 0) {
                    current.release();
                    current = null;
                    return null;
                }
                scanner.reset();
                return handOff(filled);
            }
            fill();
        }
    }

    private ChunkBuffer handOff(int cut) {
        ChunkBuffer out = current;
        int leftover = filled - cut;
        if (eof && leftover == 0) {
            current = null;
        } else {
            current = pool.acquire();
            System.arraycopy(out.array(), cut, current.array(), 0, leftover);
        }
        out.set(cut, streamOffset);
        streamOffset += cut;
        filled = leftover;
        scanned = 0;
        return out;
    }

    // Invariant on entry: every buffered byte is folded and no cut was found, so
    // filled < max and a further readSize bytes fit.
    private void fill() {
        ByteBuffer target = ByteBuffer.wrap(current.array(), filled, readSize);
        try {
            int n;
            do {
                n = in.read(target);
            } while (n == 0);
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        } catch (IOException e) {
            throw VaultException.io("reading chunker input", e);
        }
    }
}

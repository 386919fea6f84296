package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Appends to a file through a second descriptor opened with {@code O_DIRECT}, in whole aligned
 * blocks written by a thread of its own, so that the appended bytes reach the device without
 * being copied into freshly allocated page-cache pages: on this kind of VM that copy was the
 * dearest part of writing a vault (a warm seal's profile: 6.5 % of all samples in
 * {@code copy_folio_from_iter_atomic} for 575 MiB). The block holding the start is first
 * filled with what the file already has there; the last block is padded with zeros, which
 * whatever is written next overwrites. Holds ciphertext only.
 */
final class DirectAppend implements DataSectionWriter.Output, AutoCloseable {
    static final int BUFFER = 4 << 20;
    /** One being filled, one being written, one spare: the appender waits only when the device does. */
    private static final int BUFFERS = 3;

    private record Block(ByteBuffer bytes, long pos) {
    }

    private static final Block STOP = new Block(null, -1);

    private final Path file;
    private final FileChannel direct;
    private final FileChannel ordinary; // the file's other channel: where writes go once a direct one fails
    private boolean useOrdinary; // the writer thread's own
    private final int align;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final BlockingQueue<Block> toWrite = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final Thread writer;
    private volatile IOException failure;
    private ByteBuffer current;
    private long currentPos; // file position of current's first byte, a multiple of align
    private long end; // where the next append must start
    private boolean finished;

    private DirectAppend(Path file, FileChannel direct, int align, long start, FileChannel existing) throws IOException {
        this.file = file;
        this.direct = direct;
        this.ordinary = existing;
        this.align = align;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(DirectIo.alignedBuffer(BUFFER));
        }
        current = free.remove();
        currentPos = start / align * align;
        end = start;
        int head = (int) (start - currentPos);
        ByteBuffer prefix = current.duplicate().limit(head);
        while (prefix.hasRemaining() && existing.read(prefix, currentPos + prefix.position()) >= 0) {
            // the bytes before the start that share its block
        }
        while (prefix.hasRemaining()) {
            prefix.put((byte) 0);
        }
        current.position(head);
        writer = new Thread(this::writeBlocks, "vaultfs-direct-write");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Appends from {@code start} on, or null where the filesystem refuses {@code O_DIRECT} or
     * reports a block this class does not align to; {@code existing} reads what lies before.
     */
    static DirectAppend open(Path file, FileChannel existing, long start) {
        int block = DirectIo.blockOf(file);
        FileChannel direct = block == 0 ? null : DirectIo.open(file, StandardOpenOption.WRITE);
        if (direct == null) {
            return null;
        }
        try {
            return new DirectAppend(file, direct, block, start, existing);
        } catch (IOException e) {
            closeQuietly(direct);
            throw VaultException.io("cannot read " + file, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(direct);
            throw e;
        }
    }

    /** Appends {@code b}'s remaining bytes, which must start where the last append ended. */
    @Override
    public void write(ByteBuffer b, long pos) {
        if (finished || pos != end) {
            throw new IllegalStateException("appends only, in order: " + pos + " after " + end);
        }
        end += b.remaining();
        while (b.hasRemaining()) {
            int n = Math.min(b.remaining(), current.remaining());
            current.put(current.position(), b, b.position(), n);
            current.position(current.position() + n);
            b.position(b.position() + n);
            if (!current.hasRemaining()) {
                submit(current.flip());
                current = nextFree();
                currentPos += BUFFER;
            }
        }
    }

    /** Whether a write at {@code pos} continues these appends. */
    boolean continuesAt(long pos) {
        return !finished && pos == end;
    }

    /** Writes the last block (padded) and waits for every write; a failed write fails here. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (end > currentPos) {
                int padded = (current.position() + align - 1) / align * align;
                while (current.position() < padded) {
                    current.put((byte) 0);
                }
                put(new Block(current.flip(), currentPos));
            }
            put(STOP);
            awaitWriter();
        } finally {
            if (writer.isAlive()) {
                writer.interrupt(); // interrupted while waiting: what is pending is not written
                awaitWriter();
            }
            closeQuietly(direct);
        }
        IOException e = failure;
        if (e != null) {
            throw VaultException.io("cannot write " + file, e);
        }
    }

    /** Stops without writing what is pending (the file is being discarded). */
    @Override
    public void close() {
        finished = true;
        writer.interrupt();
        awaitWriter();
        closeQuietly(direct);
    }

    private void submit(ByteBuffer block) {
        put(new Block(block, currentPos));
        IOException e = failure;
        if (e != null) {
            throw VaultException.io("cannot write " + file, e);
        }
    }

    private void put(Block b) {
        try {
            toWrite.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "interrupted while writing " + file);
        }
    }

    private ByteBuffer nextFree() {
        try {
            return free.take().clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "interrupted while writing " + file);
        }
    }

    private void writeBlocks() {
        try {
            while (true) {
                Block b = toWrite.take();
                if (b == STOP) {
                    return;
                }
                if (failure == null) {
                    try {
                        write(b);
                    } catch (IOException e) {
                        failure = e; // the appender hears of it at its next block or at finish
                    }
                }
                free.add(b.bytes());
            }
        } catch (InterruptedException e) {
            // close(): the file is being discarded
        }
    }

    /**
     * O_DIRECT is only a faster way to the same bytes: where a filesystem opened the file so
     * but refuses the write itself, this block and the rest go through the ordinary channel,
     * whose answer (a full disk, say) is the one that counts.
     */
    private void write(Block b) throws IOException {
        if (!useOrdinary) {
            try {
                writeFully(direct, b.bytes(), b.pos());
                return;
            } catch (IOException e) {
                useOrdinary = true;
                b.bytes().rewind();
            }
        }
        writeFully(ordinary, b.bytes(), b.pos());
    }

    private static void writeFully(FileChannel ch, ByteBuffer bytes, long pos) throws IOException {
        while (bytes.hasRemaining()) {
            ch.write(bytes, pos + bytes.position());
        }
    }

    /** Appends to {@code file} through {@code direct} with blocks of {@code align} bytes (tests: a direct channel that fails). */
    static DirectAppend over(Path file, FileChannel direct, int align, long start, FileChannel existing) throws IOException {
        return new DirectAppend(file, direct, align, start, existing);
    }

    private void awaitWriter() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing buffered in a direct channel: every write has returned by now
        }
    }
}

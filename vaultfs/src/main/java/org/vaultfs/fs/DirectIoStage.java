package org.vaultfs.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.vaultfs.bytes.DirectMemory;
import org.vaultfs.container.DirectIo;

/**
 * Gathers a file's bytes into whole aligned blocks for a channel opened with {@code O_DIRECT}
 * ({@code ExtendedOpenOption.DIRECT}), which takes only writes whose memory, length and file
 * position are multiples of the filesystem's block: the bytes go from here to the device with
 * no copy into the page cache, which on this kind of VM is the dearest part of writing a large
 * file (the kernel's copy into freshly allocated pages). The last block is padded with zeros and
 * the file cut back to its length. One 1 MiB buffer per writing thread, wiped after each file:
 * it holds plaintext.
 */
final class DirectIoStage {
    static final int SIZE = 1 << 20;
    private static final ThreadLocal<ByteBuffer> BUFFERS = new ThreadLocal<>();

    private final ByteBuffer buf;
    private final int align;
    private int highWater;

    /** A stage for blocks of {@code align} bytes (see {@link DirectIo#fits}). */
    DirectIoStage(int align) {
        if (!DirectIo.fits(align)) {
            throw new IllegalArgumentException("alignment " + align);
        }
        ByteBuffer b = BUFFERS.get();
        if (b == null) {
            b = DirectIo.alignedBuffer(SIZE);
            BUFFERS.set(b);
        }
        this.buf = b.clear();
        this.align = align;
    }

    void write(FileChannel ch, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, buf.remaining());
            buf.put(b, off, n);
            off += n;
            len -= n;
            if (!buf.hasRemaining()) {
                drain(ch);
            }
        }
    }

    /** Writes what is left, padded with zeros to a whole block, and cuts the file back to {@code size}. */
    void finish(FileChannel ch, long size) throws IOException {
        int used = buf.position();
        if (used > 0) {
            int padded = (used + align - 1) / align * align;
            DirectMemory.wipe(buf, used, padded);
            buf.position(padded);
            drain(ch);
        }
        if (ch.size() != size) {
            ch.truncate(size);
        }
        wipe();
    }

    /** Forgets the file's bytes; the buffer goes back to its thread. */
    void wipe() {
        DirectMemory.wipe(buf, 0, Math.max(highWater, buf.position()));
        highWater = 0;
        buf.clear();
    }

    private void drain(FileChannel ch) throws IOException {
        highWater = Math.max(highWater, buf.position());
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }
}

package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * What {@code O_DIRECT} I/O on a file needs: the block its positions, lengths and memory align
 * to, a channel opened with it, and aligned buffers. Direct I/O is only a faster way to the
 * same bytes, so wherever it is unavailable these answer "not here" and the caller goes the
 * ordinary way.
 */
public final class DirectIo {
    /** The largest block aligned to; filesystems reporting more are read and written the ordinary way. */
    public static final int MAX_ALIGN = 64 << 10;

    private DirectIo() {
    }

    /** The block {@code file}'s filesystem (any path on it) aligns direct I/O to, or 0 where this class does not align to it. */
    public static int blockOf(Path file) {
        long block;
        try {
            block = Files.getFileStore(file).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
        return fits(block) ? (int) block : 0;
    }

    /** Whether blocks of {@code align} bytes are aligned to here: a power of two up to {@link #MAX_ALIGN}. */
    public static boolean fits(long align) {
        return align > 0 && align <= MAX_ALIGN && Long.bitCount(align) == 1;
    }

    /** {@code file} opened with {@code mode} and O_DIRECT, or null where the filesystem refuses (e.g. EINVAL). */
    static FileChannel open(Path file, OpenOption mode) {
        try {
            return FileChannel.open(file, mode, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** A native buffer of {@code size} bytes whose address is a multiple of {@link #MAX_ALIGN}. */
    public static ByteBuffer alignedBuffer(int size) {
        return ByteBuffer.allocateDirect(size + MAX_ALIGN).alignedSlice(MAX_ALIGN).slice(0, size);
    }
}

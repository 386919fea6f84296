package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * Reads a vault's stored records from the device itself ({@code O_DIRECT}), for a pass that
 * reads every block once: verify. It then checks the bytes the disk holds rather than a cached
 * copy, and each block lands in a reused aligned buffer instead of freshly allocated page-cache
 * pages, which on this kind of VM cost more than the copy out of them right after the cache was
 * dropped (0.03-0.50 s of system time for a buffered read of the peers vault, 0.02 s direct).
 * A record is read whole, its length prefix with it, in aligned pieces of at most
 * {@link #STAGE} bytes. Stored (encrypted) bytes only: the buffers are not wiped.
 */
final class DeviceReads implements AutoCloseable {
    static final int STAGE = 4 << 20;
    private static final int KEEP = 4;

    /** What {@link #readRecord} found: the record's u64 length prefix and how many bytes of the record the file held. */
    record Found(long prefix, int bytes) {
    }

    private final FileChannel direct;
    private final int align;
    private final ArrayDeque<ByteBuffer> stages = new ArrayDeque<>(); // guarded by itself

    /** Reads through {@code direct} in blocks of {@code align} bytes (tests: a channel that fails). */
    static DeviceReads over(FileChannel direct, int align) {
        return new DeviceReads(direct, align);
    }

    private DeviceReads(FileChannel direct, int align) {
        this.direct = direct;
        this.align = align;
    }

    /** Direct reads of {@code file}, or null where its filesystem refuses them or reports a block this class does not align to. */
    static DeviceReads open(Path file) {
        int block = DirectIo.blockOf(file);
        FileChannel direct = block == 0 ? null : DirectIo.open(file, StandardOpenOption.READ);
        return direct == null ? null : new DeviceReads(direct, block);
    }

    /**
     * Reads the record at {@code pos}: its 8-byte prefix and then up to {@code blockLen} bytes of
     * block into {@code dst[0, blockLen)}. Fewer bytes than {@code 8 + blockLen} mean the file
     * ends inside the record; the prefix is 0 unless all 8 of its bytes were read.
     */
    Found readRecord(long pos, byte[] dst, int blockLen) throws IOException {
        long end = pos + 8 + blockLen;
        long prefix = 0;
        int got = 0;
        ByteBuffer stage = take();
        try {
            for (long at = pos / align * align; at < end; at += STAGE) {
                int want = (int) Math.min(STAGE, (end - at + align - 1) / align * align);
                stage.clear().limit(want);
                while (stage.hasRemaining() && direct.read(stage, at + stage.position()) >= 0) {
                    // a direct read may stop short only at the end of the file
                    if (stage.position() % align != 0) {
                        break;
                    }
                }
                long have = at + stage.position(); // the file's bytes end here, or the piece does
                long from = Math.max(at, pos);
                long to = Math.min(have, end);
                for (long p = from; p < Math.min(to, pos + 8); p++) {
                    prefix |= (stage.get((int) (p - at)) & 0xffL) << (8 * (p - pos));
                }
                long blockFrom = Math.max(from, pos + 8);
                if (to > blockFrom) {
                    stage.get((int) (blockFrom - at), dst, (int) (blockFrom - pos - 8), (int) (to - blockFrom));
                }
                got = (int) Math.max(got, Math.max(0, to - pos));
                if (have < at + want) {
                    break; // end of file
                }
            }
        } finally {
            give(stage);
        }
        return new Found(got >= 8 ? prefix : 0, got);
    }

    private ByteBuffer take() {
        synchronized (stages) {
            ByteBuffer b = stages.poll();
            if (b != null) {
                return b;
            }
        }
        return DirectIo.alignedBuffer(STAGE);
    }

    private void give(ByteBuffer b) {
        synchronized (stages) {
            if (stages.size() < KEEP) {
                stages.push(b);
            }
        }
    }

    @Override
    public void close() {
        try {
            direct.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }
}

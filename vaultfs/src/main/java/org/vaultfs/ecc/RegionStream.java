package org.vaultfs.ecc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.FileSource;
import org.vaultfs.source.VaultSource;

/**
 * A logical stream made of file regions laid end to end (a vault's block records in data
 * order, or one window of a plain file). Reads past the end of the file give zeros; writes
 * map back to the same file positions.
 */
public final class RegionStream implements StreamSource, StreamSink {
    private final VaultSource reads;
    private final FileChannel writes;
    private final long[] filePos;
    private final long[] start;
    private final long length;

    /** {@code regions} holds pairs (file position, length); reads and writes go to {@code channel}. */
    public RegionStream(FileChannel channel, long[] regions) {
        this(FileSource.over(channel, "file"), channel, regions);
    }

    /** A read-only stream over regions of {@code source}. */
    public RegionStream(VaultSource source, long[] regions) {
        this(source, null, regions);
    }

    private RegionStream(VaultSource reads, FileChannel writes, long[] regions) {
        if (regions.length % 2 != 0) {
            throw new IllegalArgumentException("regions come in (position, length) pairs");
        }
        this.reads = reads;
        this.writes = writes;
        int n = regions.length / 2;
        this.filePos = new long[n];
        this.start = new long[n];
        long at = 0;
        for (int i = 0; i < n; i++) {
            filePos[i] = regions[2 * i];
            start[i] = at;
            at = Math.addExact(at, regions[2 * i + 1]);
        }
        this.length = at;
    }

    public static RegionStream of(FileChannel channel, long pos, long len) {
        return new RegionStream(channel, new long[] {pos, len});
    }

    public static RegionStream of(VaultSource source, long pos, long len) {
        return new RegionStream(source, new long[] {pos, len});
    }

    @Override
    public long length() {
        return length;
    }

    private int regionAt(long pos) {
        int i = Arrays.binarySearch(start, pos);
        if (i < 0) {
            i = -i - 2;
        }
        // Zero-length regions share a start with their successor: skip to the last of them.
        while (i + 1 < start.length && start[i + 1] == pos) {
            i++;
        }
        return i;
    }

    private long regionEnd(int i) {
        return i + 1 < start.length ? start[i + 1] : length;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) {
        int done = 0;
        while (done < len) {
            long p = pos + done;
            if (p >= length) {
                Arrays.fill(dst, off + done, off + len, (byte) 0);
                return;
            }
            int r = regionAt(p);
            int n = (int) Math.min(len - done, regionEnd(r) - p);
            readFile(filePos[r] + (p - start[r]), dst, off + done, n);
            done += n;
        }
    }

    private void readFile(long at, byte[] dst, int off, int len) {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        try {
            while (b.hasRemaining()) {
                if (reads.read(b, at + (b.position() - off)) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw VaultException.io("read failed", e);
        }
        Arrays.fill(dst, b.position(), off + len, (byte) 0);
    }

    @Override
    public void write(long pos, byte[] src, int off, int len) {
        if (writes == null) {
            throw new IllegalStateException("a read-only region stream");
        }
        int done = 0;
        while (done < len) {
            long p = pos + done;
            if (p >= length) {
                throw new IllegalArgumentException("write past the end of the stream");
            }
            int r = regionAt(p);
            int n = (int) Math.min(len - done, regionEnd(r) - p);
            ByteBuffer b = ByteBuffer.wrap(src, off + done, n);
            long at = filePos[r] + (p - start[r]);
            try {
                while (b.hasRemaining()) {
                    at += writes.write(b, at);
                }
            } catch (IOException e) {
                throw VaultException.io("write failed", e);
            }
            done += n;
        }
    }
}

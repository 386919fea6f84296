package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.FileSource;
import org.vaultfs.source.VaultSource;

/** Positional, thread-safe reads of a vault's bytes from its source; every read is exact or fails. */
public final class VaultBytes implements AutoCloseable {
    private final VaultSource source;
    /** Non-null while whole records are read from the device ({@link #readRecordsFromDevice}). */
    private volatile DeviceReads device;
    /** Non-null while the pages of records read are dropped ({@link #dropRecordsOnceRead}). */
    private volatile DropBehind dropBehind;

    public VaultBytes(VaultSource source) {
        this.source = source;
    }

    static VaultBytes open(Path path) {
        return new VaultBytes(FileSource.open(path));
    }

    public long size() {
        try {
            return source.size();
        } catch (IOException e) {
            throw VaultException.io("cannot stat " + source.name(), e);
        }
    }

    /** Reads up to {@code len} bytes at {@code pos}; returns how many were available. */
    public int readUpTo(long pos, byte[] dst, int off, int len) {
        if (len > STAGING_BYTES / 4) {
            return readStaged(pos, dst, off, len);
        }
        return fill(pos, ByteBuffer.wrap(dst, off, len));
    }

    /** Reads up to {@code len} bytes at {@code pos} into {@code dst[0, len)}; returns how many were available. */
    public int readUpTo(long pos, ByteBuffer dst, int len) {
        return fill(pos, dst.duplicate().clear().limit(len));
    }

    /** Reads from {@code pos} into {@code buf}'s remaining bytes until they are full or the source ends; returns how many. */
    private int fill(long pos, ByteBuffer buf) {
        int start = buf.position();
        try {
            while (buf.hasRemaining()) {
                if (source.read(buf, pos + buf.position() - start) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw readFailure(e);
        }
        return buf.position() - start;
    }

    /**
     * A read into a heap array goes through a native buffer either way: the JDK's own is
     * cached per thread only up to 256 KiB (the launcher's jdk.nio.maxCachedBufferSize), so a
     * block of about 1 MiB cost a malloc and a free per read, and a mount's many threads left
     * their malloc arenas fragmented. Whole blocks go through a few shared staging buffers
     * instead; the copy out of them is the one the JDK would have made. They hold vault bytes
     * (ciphertext) only.
     */
    private int readStaged(long pos, byte[] dst, int off, int len) {
        ByteBuffer staging = STAGING.poll();
        if (staging == null) {
            staging = ByteBuffer.allocateDirect(STAGING_BYTES);
        }
        int done = 0;
        try {
            while (done < len) {
                staging.clear().limit(Math.min(STAGING_BYTES, len - done));
                int n = source.read(staging, pos + done);
                if (n < 0) {
                    break;
                }
                staging.flip().get(dst, off + done, n);
                done += n;
            }
        } catch (IOException e) {
            throw readFailure(e);
        } finally {
            STAGING.offer(staging);
        }
        return done;
    }

    private static final int STAGING_BYTES = 1 << 20;
    private static final java.util.concurrent.ArrayBlockingQueue<ByteBuffer> STAGING = new java.util.concurrent.ArrayBlockingQueue<>(8);

    public byte[] readExact(long pos, long len, String what) {
        if (len > Integer.MAX_VALUE - 16) {
            throw new VaultException(Failure.BOUNDS, what + " is too large: " + len + " bytes");
        }
        byte[] b = new byte[(int) len];
        int n = readUpTo(pos, b, 0, b.length);
        if (n != b.length) {
            throw new VaultException(Failure.TRUNCATED, what + " is truncated: file ends " + n + " bytes into it");
        }
        return b;
    }

    public VaultSource source() {
        return source;
    }

    /**
     * From now on ({@code on}) or no longer, whole records go to the device itself rather than
     * through the page cache ({@link DeviceReads}); returns whether they do, which needs a local
     * file on a filesystem that takes O_DIRECT.
     */
    boolean readRecordsFromDevice(boolean on) {
        DeviceReads d = device;
        if (on && d == null) {
            d = source.localPath().map(DeviceReads::open).orElse(null);
            device = d;
        } else if (!on && d != null) {
            device = null;
            d.close();
            d = null;
        }
        return d != null;
    }

    /**
     * From now on, the cached pages of the section {@code [start, end)} of the file are dropped
     * behind the records read ({@link #recordRead}), for a pass that reads each record once
     * ({@link DropBehind}). Returns whether they are, which needs a local file and vaultfs' C
     * library.
     */
    boolean dropRecordsOnceRead(long start, long end) {
        keepRecordsCached();
        PageCacheAdvice a = source.localPath().map(PageCacheAdvice::open).orElse(null);
        DropBehind d = a == null ? null : new DropBehind(a, start, end);
        dropBehind = d;
        return d != null;
    }

    /** Ends {@link #dropRecordsOnceRead}. */
    void keepRecordsCached() {
        DropBehind d = dropBehind;
        if (d != null) {
            dropBehind = null;
            d.close();
        }
    }

    /** The record at {@code [pos, pos + len)} has been read. */
    void recordRead(long pos, long len) {
        DropBehind d = dropBehind;
        if (d != null) {
            d.read(pos, len);
        }
    }

    /** The record at {@code pos}, read as {@link DeviceReads#readRecord} does; null when records are not read from the device. */
    DeviceReads.Found readRecord(long pos, byte[] dst, int blockLen) {
        DeviceReads d = device;
        if (d == null) {
            return null;
        }
        try {
            return d.readRecord(pos, dst, blockLen);
        } catch (IOException e) {
            // Reading from the device is only a way to the same bytes: where it fails, this read
            // and the rest go through the source as any read, whose answer is the one that counts.
            if (device == d) {
                readRecordsFromDevice(false);
            }
            return null;
        }
    }

    /** Reads whole records through {@code d} from now on (tests: device reads that fail). */
    void readRecordsThrough(DeviceReads d) {
        readRecordsFromDevice(false);
        device = d;
    }

    @Override
    public void close() {
        readRecordsFromDevice(false);
        keepRecordsCached();
        try {
            source.close();
        } catch (IOException e) {
            // Read-only handle: nothing was buffered, so a close failure loses nothing.
        }
    }

    /** A source that already knows what went wrong (a remote object replaced, access denied) says so itself. */
    private VaultException readFailure(IOException e) {
        if (e.getCause() instanceof VaultException v) {
            return v;
        }
        return VaultException.io("read failed in " + source.name(), e);
    }
}

package org.vaultfs.container;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.FileSource;
import org.vaultfs.source.VaultSource;

/**
 * Copies a byte range of a vault's source into the file being written. From a local file
 * this is {@code transferTo}, which the kernel turns into copy_file_range or sendfile, so
 * kept blocks never pass through the heap; from any other source, a 1 MiB buffer at a time.
 */
public final class RangeCopy {
    private static final int BUFFER = 1 << 20;

    private RangeCopy() {
    }

    public static void copy(VaultSource src, long srcPos, long len, FileChannel out, long dstPos) {
        try {
            if (src instanceof FileSource f) {
                transfer(f.channel(), srcPos, len, out, dstPos);
            } else {
                buffered(src, srcPos, len, out, dstPos);
            }
        } catch (IOException e) {
            throw VaultException.io("cannot copy the data section", e);
        }
    }

    private static void transfer(FileChannel src, long srcPos, long len, FileChannel out, long dstPos) throws IOException {
        long done = 0;
        while (done < len) {
            long n = src.transferTo(srcPos + done, len - done, out.position(dstPos + done));
            if (n <= 0) {
                throw ended();
            }
            done += n;
        }
    }

    private static void buffered(VaultSource src, long srcPos, long len, FileChannel out, long dstPos) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(BUFFER, Math.max(1, len)));
        long done = 0;
        while (done < len) {
            buf.clear().limit((int) Math.min(buf.capacity(), len - done));
            int n = src.read(buf, srcPos + done);
            if (n <= 0) {
                throw ended();
            }
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf, dstPos + done + buf.position());
            }
            done += n;
        }
    }

    private static VaultException ended() {
        return new VaultException(Failure.TRUNCATED, "vault ended while copying its data section");
    }
}

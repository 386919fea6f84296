package org.vaultfs.ecc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * SHA-256 of a whole file with the reads overlapped with the hashing: a reader thread fills
 * the next buffers (the kernel copy and the JDK's heap copy happen on its core) while the
 * calling thread only hashes. SHA-256 is sequential, so one hashing core is the limit (about
 * 1 GB/s with the JDK's SHA-NI intrinsic). The intact-file check uses this digest because it
 * is what the sidecar binds the file to; the per-shard BLAKE3 checksums, now hashed in C at
 * about 3 GB/s, would be faster but prove only the shards, not the binding.
 */
final class FileSha256 {
    private static final int BUFFER = 4 << 20;
    private static final int BUFFERS = 3;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private FileSha256() {
    }

    static byte[] of(FileChannel in) throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(ByteBuffer.allocate(BUFFER));
        }
        IOException[] failed = new IOException[1];
        Thread reader = new Thread(() -> readAll(in, free, full, failed), "vaultfs-sha256-read");
        reader.setDaemon(true);
        reader.start();
        Sha256Hash h = new Sha256Hash();
        try {
            for (ByteBuffer b = full.take(); b != END; b = full.take()) {
                h.update(b.array(), 0, b.limit());
                free.put(b);
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "interrupted while hashing");
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return h.digest();
    }

    /** Reads the file front to back into free buffers; always ends with {@link #END}, also on failure. */
    private static void readAll(FileChannel in, BlockingQueue<ByteBuffer> free, BlockingQueue<ByteBuffer> full, IOException[] failed) {
        try {
            long pos = 0;
            while (true) {
                ByteBuffer b = free.take();
                b.clear();
                int n;
                while (b.hasRemaining() && (n = in.read(b, pos)) > 0) {
                    pos += n;
                }
                if (b.position() == 0) {
                    break;
                }
                full.put(b.flip());
            }
        } catch (IOException e) {
            failed[0] = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            full.offer(END);
        }
    }
}

package org.vaultfs.remote;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.vaultfs.error.Failure;
import org.vaultfs.error.InterruptCleanup;
import org.vaultfs.error.VaultException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A new object written front to back as a multipart upload, for a vault sealed straight to
 * the store: no local copy, memory for a few parts. Writes must append, except inside the
 * first part, which stays in memory and is uploaded last: a vault's header, at offset 0, is
 * written when everything after it is known. The object appears only on {@link #complete};
 * closing without completing aborts the upload, so a failed or interrupted seal leaves no
 * object (and no parts billed) behind.
 */
public final class S3MultipartStream implements AutoCloseable {
    public static final int PART_SIZE = 16 << 20;
    private static final int MAX_PARTS = 10_000;
    private static final int IN_FLIGHT = 2;

    private final S3Client s3;
    private final S3Location to;
    private final String uploadId;
    private final byte[] head = new byte[PART_SIZE];
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
    private final ExecutorService uploads;
    private final List<Future<String>> parts = new ArrayList<>();
    private byte[] current;
    private int currentLen;
    private long written;
    private volatile boolean completed;
    private volatile boolean aborted;
    private final Runnable abortOnInterrupt = this::abortUpload;

    private S3MultipartStream(S3Client s3, S3Location to, String uploadId) {
        this.s3 = s3;
        this.to = to;
        this.uploadId = uploadId;
        for (int i = 0; i <= IN_FLIGHT; i++) {
            spare.add(new byte[PART_SIZE]);
        }
        this.uploads = DaemonPool.of(IN_FLIGHT, "vault-seal-upload");
        // Ctrl-C or SIGTERM mid-seal: the parts uploaded so far are dropped, not left billed.
        InterruptCleanup.register(abortOnInterrupt);
    }

    /** Starts the upload; refuses to replace an object that exists (as seal refuses an existing file). */
    public static S3MultipartStream create(S3Connection connection, S3Location to) {
        S3Client s3 = connection.client();
        try {
            if (S3Push.currentEtag(s3, to) != null) {
                throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing object " + to);
            }
            String id = s3.createMultipartUpload(b -> b.bucket(to.bucket()).key(to.key())
                    .metadata(Map.of(S3Push.PARTS_METADATA, PART_SIZE + "x*"))).uploadId();
            return new S3MultipartStream(s3, to, id);
        } catch (SdkException e) {
            throw S3Connection.translate(to, e);
        }
    }

    public String name() {
        return to.toString();
    }

    /** Writes all of {@code b} at {@code pos}: an append, or a rewrite inside the first part. */
    public void write(ByteBuffer b, long pos) {
        int len = b.remaining();
        if (pos < written && pos + len <= Math.min(written, PART_SIZE)) {
            b.get(head, (int) pos, len); // the header, written last over its reserved bytes
            return;
        }
        if (pos > written && pos <= PART_SIZE) {
            written = pos; // bytes reserved for the header: zero until it is written
        }
        if (pos != written) {
            throw new IllegalStateException("a streamed vault is written front to back: write at " + pos + ", end " + written);
        }
        while (b.hasRemaining()) {
            if (written < PART_SIZE) {
                int n = (int) Math.min(b.remaining(), PART_SIZE - written);
                b.get(head, (int) written, n);
                written += n;
                continue;
            }
            if (current == null) {
                current = takeSpare();
                currentLen = 0;
            }
            int n = Math.min(b.remaining(), PART_SIZE - currentLen);
            b.get(current, currentLen, n);
            currentLen += n;
            written += n;
            if (currentLen == PART_SIZE) {
                submitCurrent();
            }
        }
    }

    private byte[] takeSpare() {
        try {
            return spare.take(); // at most IN_FLIGHT parts uploading: the seal waits for the store
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.IO, "interrupted while streaming to " + to, e);
        }
    }

    private void submitCurrent() {
        if (aborted) {
            throw new VaultException(Failure.IO, "interrupted while streaming to " + to);
        }
        int number = parts.size() + 2; // part 1 is the head, uploaded last
        if (number > MAX_PARTS) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "the vault outgrows what one streamed upload holds ("
                    + (long) MAX_PARTS * PART_SIZE / (1L << 30) + " GiB); seal it locally and 'vault push' it");
        }
        byte[] buf = current;
        int len = currentLen;
        current = null;
        currentLen = 0;
        try {
            parts.add(uploads.submit(() -> {
                try {
                    if (aborted) {
                        throw new VaultException(Failure.IO, "interrupted while streaming to " + to);
                    }
                    return upload(number, buf, len);
                } finally {
                    spare.add(buf);
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Ctrl-C or SIGTERM: the shutdown hook stopped the uploads and is aborting.
            throw new VaultException(Failure.IO, "interrupted while streaming to " + to, e);
        }
    }

    private String upload(int number, byte[] buf, int len) {
        return S3Push.uploadPart(s3, to, uploadId, number, buf, len, S3Push.md5(buf, len));
    }

    /**
     * Uploads what remains and the first part; {@code length} must be all that was written.
     * Holds the abort off until it is done, and refuses once an abort ran: a part uploaded
     * after the abort would bring the upload back.
     */
    public synchronized void complete(long length) {
        if (aborted) {
            throw new VaultException(Failure.IO, "interrupted while streaming to " + to);
        }
        if (length != written) {
            throw new IllegalStateException("length " + length + " but " + written + " bytes written");
        }
        try {
            if (current != null && currentLen > 0) {
                submitCurrent();
            }
            List<CompletedPart> done = new ArrayList<>();
            done.add(CompletedPart.builder().partNumber(1).eTag(upload(1, head, (int) Math.min(PART_SIZE, written))).build());
            for (int i = 0; i < parts.size(); i++) {
                String etag = S3Connection.await(parts.get(i), to, "seal");
                done.add(CompletedPart.builder().partNumber(i + 2).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
            completed = true;
            InterruptCleanup.done(abortOnInterrupt);
        } catch (SdkException e) {
            throw S3Connection.translate(to, e);
        }
    }

    /** Aborts the upload unless it completed: nothing appears under the key. */
    @Override
    public void close() {
        abortUpload();
        InterruptCleanup.done(abortOnInterrupt);
    }

    /**
     * Stops the part uploads, lets those on the wire end (a part landing after the abort could
     * bring the upload back on some stores), then aborts.
     */
    private synchronized void abortUpload() {
        uploads.shutdown();
        if (completed || aborted) {
            return;
        }
        // Queued parts see the flag and do nothing; parts on the wire are let finish rather
        // than interrupted: a request cut mid-body left a part on S3Proxy that outlived the
        // abort and brought the upload back.
        aborted = true;
        try {
            uploads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            s3.abortMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId));
            // As S3's documentation advises: a part still arriving can outlive an abort.
            if (!s3.listParts(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId)).parts().isEmpty()) {
                s3.abortMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId));
            }
        } catch (SdkException e) {
            // Gone (NoSuchUpload), or the store's lifecycle rules reap it; nothing is visible
            // under the key either way.
        }
    }
}

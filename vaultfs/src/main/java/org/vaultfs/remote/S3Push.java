package org.vaultfs.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.vaultfs.bytes.Hex;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Uploads a local file as one object by multipart upload: parts of a fixed size, several in
 * flight (memory: one part buffer per job), each sent with its MD5 (Content-MD5), which the
 * store checks before accepting it. The object appears only when the upload is completed, so
 * readers see the old object or the whole new one. Interrupted at any moment and run again, it
 * asks the store which parts it holds and uploads only those missing or whose MD5 differs
 * from the local bytes (state: a small file beside the local one).
 *
 * <p>Incremental: a completed push leaves a hash of every 1 MiB block beside the file
 * ({@link PushRecord}). Pushing the same file to the same place again, while the object still
 * has the ETag it left, copies unchanged ranges on the server (UploadPartCopy, pinned to that
 * ETag) and uploads only changed ones: an edit that rewrites the header and appends to the
 * end sends a few MiB, whatever the vault's size.
 */
public final class S3Push {
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    public static final long MIN_PART_SIZE = 5L << 20;
    private static final int MAX_PARTS = 10_000;
    static final String PARTS_METADATA = "vaultfs-parts";
    /** Part buffers in flight at most, whatever --jobs says: the CLI's heap is 256 MiB. */
    static final long BUFFER_BUDGET = 160L << 20;
    static final int IO_SLICE = 256 << 10;

    /**
     * What a push did: parts sent and bytes on the wire this run, parts the store already held
     * from an interrupted run, and bytes copied on the server from the previous object.
     */
    public record Result(long size, int parts, int partsSent, int partsReused, long bytesSent, long bytesCopied) {
    }

    /** Called from worker threads as parts finish. */
    public interface Listener {
        void part(long bytes, boolean reused);

        Listener NONE = (bytes, reused) -> { };
    }

    private S3Push() {
    }

    public static Path statePath(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".s3push");
    }

    public static Result push(S3Connection connection, Path file, S3Location to, int jobs, long partSize,
                              Listener listener) {
        if (jobs < 1 || jobs > 64) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--jobs must be 1 to 64");
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new VaultException(Failure.NOT_FOUND, "cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!attrs.isRegularFile()) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "not a file: " + file);
        }
        long size = attrs.size();
        long part = Math.max(partSize, MIN_PART_SIZE);
        while ((size + part - 1) / part > MAX_PARTS) {
            part *= 2;
        }
        S3Client s3 = connection.client();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            PushRecord previous = PushRecord.load(file);
            String oldEtag = null;
            String[] localHashes = null;
            boolean[] same = null;
            if (previous != null && previous.location().equals(to.toString()) && PushRecord.fits(size)) {
                String current = currentEtag(s3, to);
                if (previous.etag().equals(current)) {
                    localHashes = PushRecord.hashAll(in, size);
                    same = previous.sameBlocks(localHashes, size);
                    oldEtag = current;
                }
            }
            if (same != null && size == previous.size() && allTrue(same)) {
                listener.part(size, true);
                return new Result(size, 0, 0, 0, 0, 0); // the object already holds these bytes
            }
            if (size <= part && oldEtag == null) {
                return putWhole(s3, in, file, size, to, listener);
            }
            PushPlan plan = same == null ? PushPlan.fixed(size, part)
                    : PushPlan.incremental(size, part, MIN_PART_SIZE, PushRecord.BLOCK, same);
            return multipart(s3, in, file, attrs, to, jobs, plan, oldEtag, localHashes, listener);
        } catch (SdkException e) {
            throw S3Connection.translate(to, e);
        } catch (IOException e) {
            throw VaultException.io("cannot read " + file, e);
        }
    }

    private static boolean allTrue(boolean[] a) {
        for (boolean b : a) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    /** The object's ETag now, or null when there is none. */
    static String currentEtag(S3Client s3, S3Location to) {
        try {
            return unquote(s3.headObject(b -> b.bucket(to.bucket()).key(to.key())).eTag());
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static Result putWhole(S3Client s3, FileChannel in, Path file, long size, S3Location to, Listener listener)
            throws IOException {
        byte[] data = readPart(in, 0, (int) size, new byte[(int) size]);
        String contentMd5 = Base64.getEncoder().encodeToString(md5(data, (int) size));
        String etag = s3.putObject(b -> b.bucket(to.bucket()).key(to.key()).contentMD5(contentMd5),
                RequestBody.fromBytes(data)).eTag();
        listener.part(size, false);
        String[] hashes = new String[PushRecord.blocks(size)]; // size <= one part here
        PushRecord.hashBlocks(data, (int) size, 0, hashes);
        new PushRecord(to.toString(), unquote(etag), size, hashes).save(file);
        return new Result(size, 1, 1, 0, size, 0);
    }

    private static Result multipart(S3Client s3, FileChannel in, Path file, BasicFileAttributes attrs, S3Location to,
                                    int jobs, PushPlan plan, String oldEtag, String[] knownHashes, Listener listener)
            throws IOException {
        long size = attrs.size();
        List<PushPlan.Part> parts = plan.parts();
        Path statePath = statePath(file);
        String lengths = plan.encodeLengths();
        String identity = to + " " + size + " " + attrs.lastModifiedTime().toMillis() + " " + lengths
                + " " + parts.stream().map(p -> p.copy() ? "c" : "u").collect(Collectors.joining()) + " " + oldEtag;
        Properties state = TransferState.load(statePath);
        String uploadId = null;
        Map<Integer, String> held = new HashMap<>();
        if (state != null && identity.equals(state.getProperty("identity"))) {
            uploadId = state.getProperty("upload");
            try {
                held = listParts(s3, to, uploadId);
            } catch (NoSuchUploadException e) {
                uploadId = null; // completed or aborted meanwhile: start again
                held = new HashMap<>();
            }
        }
        if (uploadId == null) {
            uploadId = s3.createMultipartUpload(b -> b.bucket(to.bucket()).key(to.key())
                    .metadata(Map.of(PARTS_METADATA, lengths))).uploadId();
            Properties p = new Properties();
            p.setProperty("identity", identity);
            p.setProperty("upload", uploadId);
            TransferState.save(statePath, p);
        }
        String upload = uploadId;
        Map<Integer, String> already = held;
        AtomicLong sent = new AtomicLong();
        AtomicLong sentParts = new AtomicLong();
        AtomicLong reusedParts = new AtomicLong();
        String[] etags = new String[parts.size()];
        String[] hashes = knownHashes != null ? knownHashes : PushRecord.fits(size) ? new String[PushRecord.blocks(size)] : null;
        long largest = parts.stream().filter(p -> !p.copy()).mapToLong(PushPlan.Part::length).max().orElse(1);
        int threads = (int) Math.max(1, Math.min(Math.min(jobs, parts.size()), BUFFER_BUDGET / largest));
        ExecutorService pool = DaemonPool.of(threads, "vault-push");
        ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[(int) largest]);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (PushPlan.Part part : parts) {
                done.add(pool.submit(() -> {
                    int number = part.number();
                    if (part.copy()) {
                        String range = "bytes=" + part.offset() + "-" + (part.offset() + part.length() - 1);
                        etags[number - 1] = unquote(s3.uploadPartCopy(b -> b.sourceBucket(to.bucket()).sourceKey(to.key())
                                .copySourceIfMatch("\"" + oldEtag + "\"").copySourceRange(range).destinationBucket(to.bucket())
                                .destinationKey(to.key()).uploadId(upload).partNumber(number)).copyPartResult().eTag());
                        listener.part(part.length(), true);
                        return null;
                    }
                    int len = (int) part.length();
                    byte[] buf = readPart(in, part.offset(), len, buffers.get());
                    if (knownHashes == null && hashes != null) {
                        PushRecord.hashBlocks(buf, len, part.offset(), hashes);
                    }
                    byte[] md5 = md5(buf, len);
                    String have = already.get(number);
                    if (have != null && have.equals(Hex.encode(md5))) {
                        etags[number - 1] = have;
                        reusedParts.incrementAndGet();
                        listener.part(len, true);
                        return null;
                    }
                    etags[number - 1] = uploadPart(s3, to, upload, number, buf, len, md5);
                    sent.addAndGet(len);
                    sentParts.incrementAndGet();
                    listener.part(len, false);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                S3Connection.await(f, to, "push");
            }
        } finally {
            pool.shutdownNow();
        }
        BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
        if (now.size() != size || !now.lastModifiedTime().equals(attrs.lastModifiedTime())) {
            throw new VaultException(Failure.CONFLICT, file + " changed during the push; run it again");
        }
        if (oldEtag != null && !oldEtag.equals(currentEtag(s3, to))) {
            // Someone replaced the object since this push planned against it: completing would
            // silently drop their version. (The copied parts were pinned to it already.)
            throw new VaultException(Failure.CONFLICT, to + " changed during the push; pull it again before editing");
        }
        List<CompletedPart> completed = new ArrayList<>(parts.size());
        for (PushPlan.Part part : parts) {
            completed.add(CompletedPart.builder().partNumber(part.number()).eTag(etags[part.number() - 1]).build());
        }
        String etag = s3.completeMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).uploadId(upload)
                .multipartUpload(m -> m.parts(completed))).eTag();
        if (hashes != null) {
            new PushRecord(to.toString(), unquote(etag), size, hashes).save(file);
        }
        TransferState.delete(statePath);
        return new Result(size, parts.size(), (int) sentParts.get(), (int) reusedParts.get(), sent.get(), plan.copiedBytes());
    }

    private static Map<Integer, String> listParts(S3Client s3, S3Location to, String uploadId) {
        Map<Integer, String> held = new HashMap<>();
        for (Part p : s3.listPartsPaginator(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId)).parts()) {
            held.put(p.partNumber(), unquote(p.eTag()));
        }
        return held;
    }

    /** Reads in slices of {@link #IO_SLICE}, for the reason {@link S3Pull#writeFully} gives. */
    static byte[] readPart(FileChannel in, long offset, int len, byte[] buf) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(ByteBuffer.wrap(buf, done, Math.min(IO_SLICE, len - done)), offset + done);
            if (n < 0) {
                throw new IOException("the file is shorter than it was");
            }
            done += n;
        }
        return buf;
    }

    /** Uploads part {@code number} of {@code uploadId} from {@code buf[0..len)}, its MD5 for the store to check; returns its ETag. */
    static String uploadPart(S3Client s3, S3Location to, String uploadId, int number, byte[] buf, int len, byte[] md5) {
        return unquote(s3.uploadPart(b -> b.bucket(to.bucket()).key(to.key()).uploadId(uploadId).partNumber(number)
                .contentLength((long) len).contentMD5(Base64.getEncoder().encodeToString(md5)),
                RequestBody.fromByteBuffer(ByteBuffer.wrap(buf, 0, len))).eTag());
    }

    static byte[] md5(byte[] data, int len) {
        MessageDigest d = Digests.md5();
        d.update(data, 0, len);
        return d.digest();
    }

    static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}

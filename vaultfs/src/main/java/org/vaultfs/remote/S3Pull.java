package org.vaultfs.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.vaultfs.bytes.Hex;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Downloads an object to a local file: ranged GETs in parallel into a partial file beside the
 * target, every range pinned to the ETag first seen ({@code If-Match}), the object's own
 * checksum (its ETag: the MD5 of a single PUT, or of the parts' MD5s for a multipart upload)
 * recomputed from the bytes on disk before the partial file is fsynced and renamed onto the
 * target. Interrupted, the partial file and a state file stay; the next run keeps each piece
 * whose bytes on disk still hash to what was recorded and fetches the rest. A definitive
 * failure (checksum mismatch, object replaced) removes both.
 */
public final class S3Pull {
    static final int PIECE = 32 << 20;

    public record Result(long size, int pieces, int piecesFetched, int piecesReused, long bytesFetched) {
    }

    private S3Pull() {
    }

    public static Path partialPath(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".s3pull");
    }

    static Path statePath(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".s3pull.state");
    }

    public static Result pull(S3Connection connection, S3Location from, Path target, int jobs, boolean overwrite) {
        if (jobs < 1 || jobs > 64) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "--jobs must be 1 to 64");
        }
        if (!overwrite && Files.exists(target)) {
            throw new VaultException(Failure.CONFLICT, target + " already exists (--force replaces it)");
        }
        S3Source source = S3Source.open(connection, from, false); // every range pinned to the ETag seen here
        long size = source.size();
        String etag = source.etag();
        int pieces = (int) Math.max(1, (size + PIECE - 1) / PIECE);
        Path partial = partialPath(target);
        Path statePath = statePath(target);
        Properties state = TransferState.load(statePath);
        String identity = from + " " + size + " " + etag;
        String[] sums = new String[pieces];
        String[] blockHashes = PushRecord.fits(size) ? new String[PushRecord.blocks(size)] : null;
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            int reused = 0;
            if (state != null && identity.equals(state.getProperty("identity")) && out.size() <= size) {
                reused = keepVerifiedPieces(out, state, sums, size, blockHashes);
            } else {
                out.truncate(0);
                state = new Properties();
                state.setProperty("identity", identity);
                TransferState.save(statePath, state);
            }
            Properties record = state;
            AtomicLong fetched = new AtomicLong();
            int threads = (int) Math.max(1, Math.min(Math.min(jobs, pieces), S3Push.BUFFER_BUDGET / PIECE));
            ExecutorService pool = DaemonPool.of(threads, "vault-pull");
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < pieces; i++) {
                    if (sums[i] != null) {
                        continue;
                    }
                    int index = i;
                    done.add(pool.submit(() -> {
                        sums[index] = fetchPiece(source, out, index, size, blockHashes);
                        fetched.addAndGet(pieceLength(index, size));
                        synchronized (record) {
                            if (Thread.currentThread().isInterrupted()) {
                                return null; // the pull failed elsewhere and its state is being removed
                            }
                            record.setProperty("piece." + index, sums[index]);
                            try {
                                TransferState.save(statePath, record, false);
                            } catch (IOException e) {
                                throw new LocalWriteFailure(e);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    S3Connection.await(f, from, "pull");
                }
            } finally {
                // Every piece stops before a failure removes the partial file and the state, so
                // no piece still in flight writes them again afterwards.
                pool.shutdownNow();
                awaitQuietly(pool);
            }
            out.force(true);
            try {
                checkEtag(out, size, etag, source.metadata(), from, jobs);
            } catch (VaultException e) {
                discard(partial, statePath);
                throw e;
            }
            int fetchedPieces = pieces - reused;
            if (overwrite) {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
            syncDirectory(target);
            TransferState.delete(statePath);
            rememberForPush(target, from, etag, size, blockHashes);
            return new Result(size, pieces, fetchedPieces, reused, fetched.get());
        } catch (FileAlreadyExistsException e) {
            throw new VaultException(Failure.CONFLICT, target + " appeared during the pull", e);
        } catch (VaultException e) {
            if (e.failure() == Failure.CONFLICT) {
                discard(partial, statePath); // the object was replaced: what is on disk is of no use
            } else if (e.getCause() instanceof LocalWriteFailure w) {
                discard(partial, statePath); // a full disk, say: give the space back
                throw VaultException.io("cannot write " + target + "; nothing was written", (IOException) w.getCause());
            }
            throw e;
        } catch (IOException e) {
            discard(partial, statePath);
            throw VaultException.io("cannot write " + target + "; nothing was written", e);
        }
    }

    /**
     * What a push of the pulled file needs to be incremental: the object's ETag and its block
     * hashes (fetched pieces hashed theirs as they landed, kept ones as they were verified).
     */
    private static void rememberForPush(Path target, S3Location from, String etag, long size, String[] hashes) {
        if (hashes == null) {
            return; // above PushRecord's limit: pushes of it are never incremental
        }
        try {
            new PushRecord(from.toString(), etag, size, hashes).save(target);
        } catch (IOException e) {
            // only the next push's shortcut is lost
        }
    }

    private static long pieceLength(int index, long size) {
        return Math.min(PIECE, size - (long) index * PIECE);
    }

    /** Re-hashes every recorded piece on disk; keeps those that still match (and hashes their blocks for the push record). */
    private static int keepVerifiedPieces(FileChannel out, Properties state, String[] sums, long size, String[] blockHashes)
            throws IOException {
        int kept = 0;
        byte[] buf = new byte[PIECE];
        for (int i = 0; i < sums.length; i++) {
            String want = state.getProperty("piece." + i);
            if (want == null) {
                continue;
            }
            int len = (int) pieceLength(i, size);
            if ((long) i * PIECE + len > out.size()) {
                continue; // pieces land out of order: the file ends before this one
            }
            S3Push.readPart(out, (long) i * PIECE, len, buf);
            if (want.equals(sha256(buf, len))) {
                sums[i] = want;
                kept++;
                if (blockHashes != null) {
                    PushRecord.hashBlocks(buf, len, (long) i * PIECE, blockHashes);
                }
            }
        }
        return kept;
    }

    private static String fetchPiece(S3Source source, FileChannel out, int index, long size, String[] blockHashes)
            throws IOException {
        long offset = (long) index * PIECE;
        int len = (int) pieceLength(index, size);
        byte[] buf = new byte[len];
        ByteBuffer b = ByteBuffer.wrap(buf);
        while (b.hasRemaining()) {
            source.read(b, offset + b.position()); // exact or an IOException naming the store's failure
        }
        try {
            writeFully(out, buf, len, offset);
        } catch (IOException e) {
            throw new LocalWriteFailure(e);
        }
        if (blockHashes != null) {
            PushRecord.hashBlocks(buf, len, offset, blockHashes);
        }
        return sha256(buf, len);
    }

    /**
     * Writes in slices the JDK's per-thread native buffer is kept for (the launcher caps it at
     * 256 KiB): one 8 MiB heap write allocated and freed an 8 MiB native copy every time.
     */
    static void writeFully(FileChannel out, byte[] buf, int len, long offset) throws IOException {
        for (int done = 0; done < len; ) {
            ByteBuffer b = ByteBuffer.wrap(buf, done, Math.min(S3Push.IO_SLICE, len - done));
            done += out.write(b, offset + done);
        }
    }

    /**
     * The object's ETag recomputed from the file: the MD5 of the whole for a single PUT, the MD5
     * of the parts' MD5s (and their count) for a multipart upload, whose part lengths vaultfs's
     * push records in the object's metadata.
     */
    private static void checkEtag(FileChannel file, long size, String etag, java.util.Map<String, String> metadata,
                                  S3Location from, int jobs) throws IOException {
        String computed;
        int dash = etag.indexOf('-');
        if (dash < 0) {
            computed = Hex.encode(md5Range(file, 0, size));
        } else {
            long[] lengths = PushPlan.decodeLengths(metadata.get(S3Push.PARTS_METADATA), size);
            if (lengths == null) {
                return; // a multipart object not pushed by vaultfs: its parts are unknown; the vault authenticates itself
            }
            // The parts' MD5s are independent: hashed side by side, the check costs a fraction of a re-read.
            long[] offsets = new long[lengths.length];
            for (int i = 1; i < lengths.length; i++) {
                offsets[i] = offsets[i - 1] + lengths[i - 1];
            }
            byte[][] partMd5 = new byte[lengths.length][];
            int threads = Math.max(1, Math.min(Math.min(jobs, lengths.length), Runtime.getRuntime().availableProcessors()));
            ExecutorService pool = DaemonPool.of(threads, "vault-pull-check");
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < lengths.length; i++) {
                    int part = i;
                    done.add(pool.submit(() -> {
                        partMd5[part] = md5Range(file, offsets[part], lengths[part]);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    S3Connection.await(f, from, "pull");
                }
            } finally {
                pool.shutdownNow();
            }
            MessageDigest all = Digests.md5();
            for (byte[] m : partMd5) {
                all.update(m);
            }
            int parts = lengths.length;
            computed = Hex.encode(all.digest()) + "-" + parts;
        }
        if (!computed.equals(etag)) {
            throw new VaultException(Failure.REMOTE, "checksum mismatch: the bytes received from " + from
                    + " do not hash to its ETag " + etag + "; nothing was written to the target");
        }
    }

    private static byte[] md5Range(FileChannel file, long offset, long len) throws IOException {
        MessageDigest d = Digests.md5();
        ByteBuffer buf = ByteBuffer.allocate(S3Push.IO_SLICE); // for the reason writeFully gives
        long pos = offset;
        long end = offset + len;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = file.read(buf, pos);
            if (n < 0) {
                throw new IOException("partial file shorter than the object");
            }
            buf.flip();
            d.update(buf);
            pos += n;
        }
        return d.digest();
    }

    private static String sha256(byte[] data, int len) {
        MessageDigest d = Digests.sha256();
        d.update(data, 0, len);
        return Hex.encode(d.digest());
    }

    private static void syncDirectory(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some filesystems refuse to sync a directory; the rename itself is atomic
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void discard(Path partial, Path statePath) {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // left for the next run, which checks it before trusting it
        }
        TransferState.delete(statePath);
    }

    /**
     * The local disk refused a write (full, read-only): unlike a network failure, which keeps
     * the partial file for the next run, this one gives its space back.
     */
    private static final class LocalWriteFailure extends IOException {
        LocalWriteFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}

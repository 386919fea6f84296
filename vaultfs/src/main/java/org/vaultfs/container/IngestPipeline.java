package org.vaultfs.container;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.vaultfs.chunking.ChunkId;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Turns chunks into stored blocks on every core while keeping the output deterministic.
 * Per chunk: hash (parallel) → dedup, block index and nonce (in submission order) → compress,
 * seal and hash (parallel) → append to the data section (in submission order). The same
 * input, keys and random stream therefore give the same bytes whatever the thread timing.
 * A byte budget bounds the chunk data in flight, so memory stays flat for any input size.
 */
final class IngestPipeline implements AutoCloseable {
    private final ExecutorService workers;
    private final byte[] chunkIdKey;
    private final BlockEncoder encoder;
    private final RandomSource random;
    private final DataSectionWriter out;
    private final Map<String, ChunkRecord> written;
    private final Set<String> knownIds;
    private final Semaphore budget;
    private final int budgetPermits;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong storedBytes = new AtomicLong();
    private final AtomicLong dedupBytes = new AtomicLong();
    private long nextBlockIndex;
    private CompletableFuture<Void> lastDecision = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

    /**
     * @param written receives the record of every new block, in block order
     * @param budgetBytes the most chunk bytes submitted but not yet written
     */
    IngestPipeline(int threads, byte[] chunkIdKey, BlockEncoder encoder, RandomSource random, DataSectionWriter out,
                   Map<String, ChunkRecord> written, Set<String> existingIds, long nextBlockIndex, long budgetBytes) {
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vaultfs-ingest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.chunkIdKey = chunkIdKey;
        this.encoder = encoder;
        this.random = random;
        this.out = out;
        this.written = written;
        this.knownIds = new HashSet<>(existingIds);
        this.nextBlockIndex = nextBlockIndex;
        this.budgetPermits = (int) Math.min(Integer.MAX_VALUE, budgetBytes);
        this.budget = new Semaphore(budgetPermits);
    }

    /**
     * Queues one chunk. {@code data[off, off+len)} must stay untouched until {@code release}
     * runs. Blocks while the byte budget is exhausted. Returns the chunk id once known.
     */
    CompletableFuture<String> submit(byte[] data, int off, int len, int footprint, Runnable release) {
        throwIfFailed();
        int permits = Math.min(Math.max(footprint, len), budgetPermits);
        budget.acquireUninterruptibly(permits);
        Runnable done = () -> {
            release.run();
            budget.release(permits);
        };
        CompletableFuture<String> id = CompletableFuture.supplyAsync(() -> ChunkId.of(chunkIdKey, data, off, len), workers);
        CompletableFuture<Job> decision = lastDecision.thenCombine(id, (v, chunkId) -> decide(chunkId, len));
        lastDecision = decision.thenApply(j -> null);
        CompletableFuture<EncodedBlock> encoded = decision.thenApplyAsync(
                j -> j.isNew ? encoder.encode(data, off, len, j.id, j.blockIndex, j.nonce) : null, workers);
        CompletableFuture<Void> write = lastWrite.thenCombine(encoded, (v, block) -> {
            append(block, len);
            return null;
        });
        lastWrite = write;
        write.whenComplete((v, e) -> {
            done.run();
            if (e != null) {
                failure.compareAndSet(null, unwrap(e));
            }
        });
        return id;
    }

    private record Job(String id, boolean isNew, long blockIndex, byte[] nonce) {
    }

    private Job decide(String id, int len) {
        if (!knownIds.add(id)) {
            dedupBytes.addAndGet(len);
            return new Job(id, false, -1, null);
        }
        return new Job(id, true, nextBlockIndex++, random.nextBytes(12));
    }

    private void append(EncodedBlock b, int len) {
        if (b == null) {
            return;
        }
        long offset = out.append(b.framed(), b.framedLength());
        storedBytes.addAndGet(b.framedLength());
        written.put(b.record().id(), b.record().withDataOffset(offset));
        encoder.recycle(b);
    }

    /** Waits for every queued chunk to be written; rethrows the first failure. */
    void finish() {
        try {
            lastWrite.join();
        } catch (CompletionException e) {
            failure.compareAndSet(null, unwrap(e));
        }
        throwIfFailed();
    }

    long storedBytes() {
        return storedBytes.get();
    }

    long dedupBytes() {
        return dedupBytes.get();
    }

    long nextBlockIndex() {
        return nextBlockIndex;
    }

    /** Whether writing the vault has failed: later failures of a source file are this one, not the file's. */
    boolean failed() {
        return failure.get() != null;
    }

    private void throwIfFailed() {
        Throwable t = failure.get();
        if (t instanceof VaultException ve) {
            throw ve;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t != null) {
            throw new VaultException(Failure.IO, "ingest failed: " + t, t);
        }
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

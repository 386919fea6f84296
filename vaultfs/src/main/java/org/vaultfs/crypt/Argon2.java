package org.vaultfs.crypt;

import org.vaultfs.bytes.DirectMemory;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id version 0x13 (RFC 9106), written for speed at the AeroVault profile.
 *
 * <p>Memory is one native buffer of longs (block {@code j} at offset {@code 128 * j}, block index
 * {@code lane * laneLength + column}), given back to the system as soon as the tag is out: as a
 * heap array its 128 MiB stayed resident in a long-running mount for good. The compression runs
 * on local variables over a per-thread scratch array, so the hot loop allocates nothing. Lanes of one slice are independent by
 * construction of the algorithm (they only reference other lanes' finished slices), so they run
 * on a thread pool with a barrier at each slice boundary; the result does not depend on the
 * thread count.
 *
 * <p>H0 and H' use the small {@link Blake2b}, not Bouncy Castle's: they are not hot, but the
 * first BC class a fresh JVM loads costs about half a second of signed-jar verification, and a
 * CLI command derives exactly once.
 *
 * <p>One class for one algorithm: RFC 9106's memory filling, indexing and finalisation are
 * read together against the RFC and its known answers, so they stay in one file.
 */
public final class Argon2 {
    static final int VERSION = 0x13;
    static final int TYPE_ID = 2;
    private static final int SYNC_POINTS = 4;
    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = 1024;
    /** Largest memory one direct buffer can hold (its size is an int of bytes). */
    static final int MAX_MEMORY_KIB = Integer.MAX_VALUE / BLOCK_BYTES;
    private static final long[] ZERO_BLOCK = new long[BLOCK_LONGS];

    private Argon2() {
    }

    /** Argon2id with no secret and no associated data, using up to {@code lanes} threads. */
    public static byte[] argon2id(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes, int outLen) {
        return argon2id(password, salt, null, null, memoryKib, iterations, lanes, outLen,
                Math.min(lanes, Runtime.getRuntime().availableProcessors()));
    }

    /** The full parameter set (below) on the fastest segment filling this machine has. */
    static byte[] argon2id(byte[] password, byte[] salt, byte[] secret, byte[] ad, int memoryKib, int iterations,
            int lanes, int outLen, int threads) {
        return argon2id(password, salt, secret, ad, memoryKib, iterations, lanes, outLen, threads,
                NativeArgon2.available() ? Filling.C : Filling.JAVA);
    }

    /** Which code fills the memory; the output never depends on it. */
    enum Filling {
        JAVA,
        /** The C code without its AVX2 compression (tests compare the three). */
        C_SCALAR,
        /** The C code, with AVX2 where the CPU has it. */
        C
    }

    /**
     * Full RFC 9106 parameter set. Secret and associated data are unused by AeroVault but kept
     * so the RFC's own test vector (which uses both) can check this code. {@code threads} only
     * changes scheduling, never the output; nor does {@code filling}, the code that fills the
     * memory (C, {@link NativeArgon2}, or Java).
     */
    static byte[] argon2id(byte[] password, byte[] salt, byte[] secret, byte[] ad, int memoryKib, int iterations,
            int lanes, int outLen, int threads, Filling filling) {
        boolean inC = filling != Filling.JAVA;
        byte[] pw = password == null ? new byte[0] : password;
        byte[] k = secret == null ? new byte[0] : secret;
        byte[] x = ad == null ? new byte[0] : ad;
        if (salt == null || salt.length < 8) {
            throw new IllegalArgumentException("salt must be at least 8 bytes");
        }
        if (lanes < 1 || lanes > 0xFFFFFF) {
            throw new IllegalArgumentException("lanes must be in 1..2^24-1");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        if (outLen < 4) {
            throw new IllegalArgumentException("output must be at least 4 bytes");
        }
        if (memoryKib < 8 * lanes || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("memory must be in 8*lanes.." + MAX_MEMORY_KIB + " KiB");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        // RFC 9106 §3.2: m' rounds m down to a multiple of 4*p; H0 still hashes the caller's m.
        int segmentLength = memoryKib / (SYNC_POINTS * lanes);
        int laneLength = segmentLength * SYNC_POINTS;
        int blockCount = laneLength * lanes;

        ByteBuffer mapped = inC ? NativeArgon2.allocate(blockCount * BLOCK_BYTES) : null;
        ByteBuffer raw = mapped != null ? mapped : DirectMemory.allocate(blockCount * BLOCK_BYTES);
        LongBuffer memory = raw.asLongBuffer();
        byte[] h0 = null;
        try {
            h0 = initialHash(pw, salt, k, x, memoryKib, iterations, lanes, outLen);
            Instance inst = new Instance(raw, memory, lanes, laneLength, segmentLength, iterations, blockCount, filling);
            fillFirstBlocks(inst, h0);
            fillMemory(inst, Math.min(threads, lanes));
            return finish(inst, outLen);
        } finally {
            // Every block is derived from the password: wiped, then unmapped.
            if (mapped != null) {
                NativeArgon2.free(mapped);
            } else {
                DirectMemory.release(raw);
            }
            Wipe.zero(h0);
        }
    }

    private static final class Instance {
        final ByteBuffer raw;
        final Filling filling;
        final LongBuffer memory;
        final int lanes;
        final int laneLength;
        final int segmentLength;
        final int passes;
        final int blockCount;

        Instance(ByteBuffer raw, LongBuffer memory, int lanes, int laneLength, int segmentLength, int passes,
                int blockCount, Filling filling) {
            this.raw = raw;
            this.filling = filling;
            this.memory = memory;
            this.lanes = lanes;
            this.laneLength = laneLength;
            this.segmentLength = segmentLength;
            this.passes = passes;
            this.blockCount = blockCount;
        }
    }

    // ---------------------------------------------------------------- H0, H', first blocks, tag

    private static byte[] initialHash(byte[] pw, byte[] salt, byte[] secret, byte[] ad, int m, int t, int p,
            int outLen) {
        Blake2b d = new Blake2b(64);
        d.updateLe32(p);
        d.updateLe32(outLen);
        d.updateLe32(m);
        d.updateLe32(t);
        d.updateLe32(VERSION);
        d.updateLe32(TYPE_ID);
        d.updateLe32(pw.length);
        d.update(pw, 0, pw.length);
        d.updateLe32(salt.length);
        d.update(salt, 0, salt.length);
        d.updateLe32(secret.length);
        d.update(secret, 0, secret.length);
        d.updateLe32(ad.length);
        d.update(ad, 0, ad.length);
        byte[] h0 = new byte[64];
        d.doFinal(h0, 0);
        return h0;
    }

    /** H'^T (RFC 9106 §3.3), the variable-length hash built from BLAKE2b-512 chaining. */
    static void hashPrime(byte[] in, int inLen, byte[] out, int outLen) {
        if (outLen <= 64) {
            Blake2b d = new Blake2b(outLen);
            d.updateLe32(outLen);
            d.update(in, 0, inLen);
            d.doFinal(out, 0);
            return;
        }
        // r = ceil(T/32) - 2 full 64-byte hashes contribute their first 32 bytes each; the last
        // hash is sized to what remains (RFC 9106 §3.3).
        byte[] v = new byte[64];
        Blake2b d = new Blake2b(64);
        d.updateLe32(outLen);
        d.update(in, 0, inLen);
        d.doFinal(v, 0);
        int r = (outLen + 31) / 32 - 2;
        System.arraycopy(v, 0, out, 0, 32);
        int pos = 32;
        for (int i = 2; i <= r; i++) {
            d = new Blake2b(64);
            d.update(v, 0, 64);
            d.doFinal(v, 0);
            System.arraycopy(v, 0, out, pos, 32);
            pos += 32;
        }
        d = new Blake2b(outLen - 32 * r);
        d.update(v, 0, 64);
        d.doFinal(out, pos);
        Wipe.zero(v);
    }

    private static void fillFirstBlocks(Instance inst, byte[] h0) {
        byte[] in = new byte[72];
        byte[] block = new byte[BLOCK_BYTES];
        System.arraycopy(h0, 0, in, 0, 64);
        try {
            for (int lane = 0; lane < inst.lanes; lane++) {
                for (int col = 0; col < 2; col++) {
                    putLe32(in, 64, col);
                    putLe32(in, 68, lane);
                    hashPrime(in, 72, block, BLOCK_BYTES);
                    int off = (lane * inst.laneLength + col) * BLOCK_LONGS;
                    for (int i = 0; i < BLOCK_LONGS; i++) {
                        inst.memory.put(off + i, getLe64(block, 8 * i));
                    }
                }
            }
        } finally {
            Wipe.zero(in);
            Wipe.zero(block);
        }
    }

    private static byte[] finish(Instance inst, int outLen) {
        LongBuffer m = inst.memory;
        long[] acc = new long[BLOCK_LONGS];
        for (int lane = 0; lane < inst.lanes; lane++) {
            int off = (lane * inst.laneLength + inst.laneLength - 1) * BLOCK_LONGS;
            for (int i = 0; i < BLOCK_LONGS; i++) {
                acc[i] ^= m.get(off + i);
            }
        }
        byte[] bytes = new byte[BLOCK_BYTES];
        for (int i = 0; i < BLOCK_LONGS; i++) {
            putLe64(bytes, 8 * i, acc[i]);
        }
        Arrays.fill(acc, 0L);
        byte[] out = new byte[outLen];
        hashPrime(bytes, BLOCK_BYTES, out, outLen);
        Wipe.zero(bytes);
        return out;
    }

    // ---------------------------------------------------------------- scheduling

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    /**
     * Shared pool: tasks never wait on each other (the calling thread does the waiting), so
     * concurrent derivations just queue and cannot deadlock. Idle threads exit after a while so
     * a long-running mount holds no threads between opens.
     */
    private static final ExecutorService POOL = newPool();

    private static ExecutorService newPool() {
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread th = new Thread(r, "argon2-" + THREAD_IDS.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static void fillMemory(Instance inst, int threads) {
        // One scratch per worker, reused for every block it fills; it holds intermediate
        // key-derived state, so it is wiped at the end.
        long[][] scratch = new long[threads][];
        for (int w = 0; w < threads; w++) {
            scratch[w] = new long[5 * BLOCK_LONGS];
        }
        try {
            for (int pass = 0; pass < inst.passes; pass++) {
                for (int slice = 0; slice < SYNC_POINTS; slice++) {
                    if (threads == 1) {
                        for (int lane = 0; lane < inst.lanes; lane++) {
                            fillSegment(inst, pass, lane, slice, scratch[0]);
                        }
                        continue;
                    }
                    // Lanes are claimed one at a time rather than split up front: on a shared
                    // machine a preempted worker would otherwise leave the other idle at the
                    // barrier with its lanes still to do. Which thread fills a lane never
                    // changes the lane's content.
                    AtomicInteger nextLane = new AtomicInteger();
                    List<Future<?>> pending = new ArrayList<>(threads - 1);
                    for (int w = 1; w < threads; w++) {
                        pending.add(POOL.submit(segmentTask(inst, pass, slice, nextLane, scratch[w])));
                    }
                    try {
                        // The caller works too instead of idling at the barrier.
                        segmentTask(inst, pass, slice, nextLane, scratch[0]).run();
                    } finally {
                        // Slice barrier: the next slice may reference any lane's blocks. Also
                        // on failure, so no worker still writes once memory is wiped.
                        await(pending);
                    }
                }
            }
        } finally {
            for (long[] s : scratch) {
                Arrays.fill(s, 0L);
            }
        }
    }

    private static Runnable segmentTask(Instance inst, int pass, int slice, AtomicInteger nextLane, long[] scratch) {
        return () -> {
            for (int lane = nextLane.getAndIncrement(); lane < inst.lanes; lane = nextLane.getAndIncrement()) {
                fillSegment(inst, pass, lane, slice, scratch);
            }
        };
    }

    private static void await(List<Future<?>> pending) {
        boolean interrupted = false;
        RuntimeException failure = null;
        // Wait for every task even after a failure: none may still write into memory once the
        // caller wipes it.
        for (Future<?> f : pending) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = new IllegalStateException("Argon2 worker failed", e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---------------------------------------------------------------- segment filling (RFC 9106 §3.4)

    /*
     * Per-worker scratch layout, in longs: [0,128) G's working block, [128,256) G's saved
     * X^Y (^ old block), [256,384) address-generation input block, [384,512) address block,
     * [512,640) the target block in and out.
     */
    private static final int INPUT = 2 * BLOCK_LONGS;
    private static final int ADDRESS = 3 * BLOCK_LONGS;
    private static final int OLD = 4 * BLOCK_LONGS;

    /*
     * One segment = one lane's share of one slice. Independent and dependent segments get
     * separate loops (not one loop with pass/slice branches) so each compiled method sees one
     * stable branch profile: with a single loop the JIT compiled for the first kind it saw and
     * deoptimised at every new kind, which cost hundreds of milliseconds of the one cold
     * derivation a CLI command does.
     *
     * Every memory block is written as dst ^= G(prev, ref). Version 1.3 asks for exactly that
     * after the first pass; during the first pass dst still holds the zeros of the fresh
     * allocation (blocks 0 and 1 of each lane, from H', are never targets), so it equals dst = G.
     */
    private static void fillSegment(Instance inst, int pass, int lane, int slice, long[] s) {
        if (inst.filling != Filling.JAVA) {
            NativeArgon2.fillSegment(inst.raw, inst.lanes, inst.laneLength, inst.segmentLength, inst.passes, pass, lane,
                    slice, inst.filling == Filling.C);
            return;
        }
        int segmentLength = inst.segmentLength;
        int laneLength = inst.laneLength;
        if (pass == 0 && slice < SYNC_POINTS / 2) {
            segmentIndependent(inst, lane, slice, s); // Argon2id: first half of the first pass
        } else if (pass == 0) {
            // Own lane: all finished blocks but the previous; other lanes: finished slices.
            segmentDependent(inst, lane, slice, s, (long) slice * segmentLength - 1, (long) slice * segmentLength, 0);
        } else {
            // Everything but the current segment, starting right after it.
            int startPosition = slice == SYNC_POINTS - 1 ? 0 : (slice + 1) * segmentLength;
            segmentDependent(inst, lane, slice, s, (long) laneLength - segmentLength - 1,
                    (long) laneLength - segmentLength, startPosition);
        }
    }

    /** Pass 0, slices 0 and 1: reference indices from address blocks G(0, G(0, input)). */
    private static void segmentIndependent(Instance inst, int lane, int slice, long[] s) {
        final LongBuffer mem = inst.memory;
        final int laneLength = inst.laneLength;
        final int segmentLength = inst.segmentLength;
        Arrays.fill(s, INPUT, INPUT + 2 * BLOCK_LONGS, 0L);
        s[INPUT] = 0; // pass
        s[INPUT + 1] = lane;
        s[INPUT + 2] = slice;
        s[INPUT + 3] = inst.blockCount;
        s[INPUT + 4] = inst.passes;
        s[INPUT + 5] = TYPE_ID;
        int start = 0;
        if (slice == 0) {
            start = 2; // the first two blocks of each lane come from H'
            nextAddresses(s);
        }
        final int laneBase = lane * laneLength;
        // Slice 0 sees only its own lane; slice 1 sees all of slice 0 (RFC 9106 §3.4.1.2).
        final long sameBase = (long) slice * segmentLength - 1;
        final long otherBase = (long) slice * segmentLength;
        int col = slice * segmentLength + start;
        for (int i = start; i < segmentLength; i++, col++) {
            if ((i & (BLOCK_LONGS - 1)) == 0) {
                nextAddresses(s);
            }
            long pseudoRand = s[ADDRESS + (i & (BLOCK_LONGS - 1))];
            int refLane = slice == 0 ? lane : (int) ((pseudoRand >>> 32) % inst.lanes);
            int refCol = refColumn(pseudoRand, i, refLane == lane, sameBase, otherBase, 0, laneLength);
            fillBlockXor(mem, (laneBase + col - 1) * BLOCK_LONGS, (refLane * laneLength + refCol) * BLOCK_LONGS,
                    (laneBase + col) * BLOCK_LONGS, s);
        }
    }

    /** Data-dependent segments: J1, J2 come from the previous block's first word. */
    private static void segmentDependent(Instance inst, int lane, int slice, long[] s, long sameBase, long otherBase,
            int startPosition) {
        final LongBuffer mem = inst.memory;
        final int laneLength = inst.laneLength;
        final int segmentLength = inst.segmentLength;
        final int lanes = inst.lanes;
        final int laneBase = lane * laneLength;
        int col = slice * segmentLength;
        int prev = laneBase + (col == 0 ? laneLength - 1 : col - 1); // column 0 chains to the lane's last block
        for (int i = 0; i < segmentLength; i++, col++) {
            long pseudoRand = mem.get(prev * BLOCK_LONGS);
            int refLane = (int) ((pseudoRand >>> 32) % lanes);
            int refCol = refColumn(pseudoRand, i, refLane == lane, sameBase, otherBase, startPosition, laneLength);
            int cur = laneBase + col;
            fillBlockXor(mem, prev * BLOCK_LONGS, (refLane * laneLength + refCol) * BLOCK_LONGS, cur * BLOCK_LONGS, s);
            prev = cur;
        }
    }

    /**
     * Reference column per RFC 9106 §3.4.2. The reference area |W| is {@code sameBase + i} in
     * the own lane (all finished blocks but the previous one) and {@code otherBase} in another
     * lane, one less when i = 0 because then the other lane's last finished block would be
     * "previous" to ours. Then x = J1^2 / 2^32, y = |W| * x / 2^32, zz = |W| - 1 - y; both
     * products fit 64 unsigned bits, hence the unsigned shifts.
     */
    private static int refColumn(long pseudoRand, int i, boolean sameLane, long sameBase, long otherBase,
            int startPosition, int laneLength) {
        long areaSize = sameLane ? sameBase + i : otherBase + ((i - 1) >> 31); // (i-1)>>31 = -1 iff i == 0
        long j1 = pseudoRand & 0xFFFFFFFFL;
        long x = (j1 * j1) >>> 32;
        long y = (areaSize * x) >>> 32;
        long rel = areaSize - 1 - y;
        return (int) ((startPosition + rel) % laneLength);
    }

    /** Address block = G(0, G(0, input)) after bumping the counter (RFC 9106 §3.4.1.2). */
    private static void nextAddresses(long[] s) {
        s[INPUT + 6]++;
        fillBlock(ZERO_BLOCK, 0, s, INPUT, s, ADDRESS, s);
        fillBlock(ZERO_BLOCK, 0, s, ADDRESS, s, ADDRESS, s);
    }

    // ---------------------------------------------------------------- compression G (RFC 9106 §3.5)

    /**
     * {@code dst = G(x, y)}, for address blocks. Uses scratch longs [0, 256); {@code dst} may
     * alias {@code y} (address generation relies on that).
     */
    private static void fillBlock(long[] xa, int x, long[] ya, int y, long[] da, int d, long[] s) {
        for (int i = 0; i < BLOCK_LONGS; i++) {
            long r = xa[x + i] ^ ya[y + i];
            s[i] = r;
            s[BLOCK_LONGS + i] = r;
        }
        permute(s);
        for (int i = 0; i < BLOCK_LONGS; i++) {
            da[d + i] = s[i] ^ s[BLOCK_LONGS + i];
        }
    }

    /** {@code mem[d] ^= G(mem[x], mem[y])}, see fillSegment for why this serves every pass. */
    private static void fillBlockXor(LongBuffer mem, int x, int y, int d, long[] s) {
        // Blocks come in and go out by bulk copy: element access to native memory pays a
        // bounds and liveness check per long, which cost a fifth of the derivation.
        mem.get(x, s, 0, BLOCK_LONGS);
        mem.get(y, s, BLOCK_LONGS, BLOCK_LONGS);
        mem.get(d, s, OLD, BLOCK_LONGS);
        for (int i = 0; i < BLOCK_LONGS; i++) {
            long r = s[i] ^ s[BLOCK_LONGS + i];
            s[i] = r;
            // Fold the old block in now: saves a pass over it after the permutation.
            s[BLOCK_LONGS + i] = r ^ s[OLD + i];
        }
        permute(s);
        for (int i = 0; i < BLOCK_LONGS; i++) {
            s[OLD + i] = s[i] ^ s[BLOCK_LONGS + i];
        }
        mem.put(d, s, OLD, BLOCK_LONGS);
    }

    /** P on the eight rows (16 consecutive words each), then on the eight columns of word pairs. */
    private static void permute(long[] s) {
        for (int i = 0; i < 8; i++) {
            rowRound(s, 16 * i);
        }
        for (int i = 0; i < 8; i++) {
            columnRound(s, 2 * i);
        }
    }

    /*
     * The BLAKE2b round without message words as eight quarter-rounds GB on four words each.
     * Row form: words b..b+15; column form: word pairs b + 16k + {0, 1}. GB is small enough for
     * C2 to inline, so all offsets become constants off b and only four words are live at a
     * time. Holding all sixteen words of a round in locals instead spilled registers and ran
     * 0.60 us per compression against 0.43 for this shape (docs/BENCHMARKS-primitives.md).
     */
    private static void rowRound(long[] v, int b) {
        gb(v, b, b + 4, b + 8, b + 12);
        gb(v, b + 1, b + 5, b + 9, b + 13);
        gb(v, b + 2, b + 6, b + 10, b + 14);
        gb(v, b + 3, b + 7, b + 11, b + 15);
        gb(v, b, b + 5, b + 10, b + 15);
        gb(v, b + 1, b + 6, b + 11, b + 12);
        gb(v, b + 2, b + 7, b + 8, b + 13);
        gb(v, b + 3, b + 4, b + 9, b + 14);
    }

    /** Column form: state word k of the round is v[b + 16 * (k / 2) + k % 2]. */
    private static void columnRound(long[] v, int b) {
        gb(v, b, b + 32, b + 64, b + 96);
        gb(v, b + 1, b + 33, b + 65, b + 97);
        gb(v, b + 16, b + 48, b + 80, b + 112);
        gb(v, b + 17, b + 49, b + 81, b + 113);
        gb(v, b, b + 33, b + 80, b + 113);
        gb(v, b + 1, b + 48, b + 81, b + 96);
        gb(v, b + 16, b + 49, b + 64, b + 97);
        gb(v, b + 17, b + 32, b + 65, b + 112);
    }

    /** GB of RFC 9106 §3.6: BLAKE2b's G with each addition a + b replaced by a + b + 2 * lo(a) * lo(b). */
    private static void gb(long[] v, int ia, int ib, int ic, int id) {
        long a = v[ia];
        long b = v[ib];
        long c = v[ic];
        long d = v[id];
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
        d = Long.rotateRight(d ^ a, 32);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL);
        b = Long.rotateRight(b ^ c, 24);
        a = a + b + 2 * (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
        d = Long.rotateRight(d ^ a, 16);
        c = c + d + 2 * (c & 0xFFFFFFFFL) * (d & 0xFFFFFFFFL);
        b = Long.rotateRight(b ^ c, 63);
        v[ia] = a;
        v[ib] = b;
        v[ic] = c;
        v[id] = d;
    }

    // ---------------------------------------------------------------- little-endian helpers

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static long getLe64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }
}

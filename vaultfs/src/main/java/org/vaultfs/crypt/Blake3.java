package org.vaultfs.crypt;

import static org.vaultfs.crypt.Blake3Compress.BLOCK_LEN;
import static org.vaultfs.crypt.Blake3Compress.CHUNK_END;
import static org.vaultfs.crypt.Blake3Compress.CHUNK_START;
import static org.vaultfs.crypt.Blake3Compress.KEYED_HASH;
import static org.vaultfs.crypt.Blake3Compress.LE_INT;
import static org.vaultfs.crypt.Blake3Compress.PARENT;
import static org.vaultfs.crypt.Blake3Compress.ROOT;
import static org.vaultfs.crypt.Blake3Compress.compress;

import java.util.Arrays;

/**
 * BLAKE3 (hash and keyed hash, 32-byte default output, extendable output). Instances are
 * incremental hashers and are not thread-safe; the static helpers are.
 *
 * <p>Whole 1 KiB chunks are compressed straight from the caller's array; only a trailing
 * partial block is copied. Chunk chaining values are merged into the tree on a stack as
 * each chunk completes, so memory stays constant. A completed chunk is only merged once
 * more input arrives, because the last chunk of the input may turn out to be the root.
 */
public final class Blake3 {
    public static final int OUT_LEN = 32;
    public static final int KEY_LEN = 32;

    private static final int CHUNK_LEN = 1024;
    private static final int BLOCKS_PER_CHUNK = CHUNK_LEN / BLOCK_LEN;
    private static final int CV_LEN = 32;
    /** 2^54 chunks exceed the 2^64-byte input limit, so the stack never grows past 54. */
    private static final int MAX_DEPTH = 54;

    private final int[] key;
    private final int flags;

    private final int[] chunkCv = new int[8];
    private final byte[] block = new byte[BLOCK_LEN];
    private int blockLen;
    private int blocksCompressed;
    private long chunkCounter;

    /** Chaining values awaiting a right sibling, packed little-endian so that two adjacent
     *  entries form a parent node's 64-byte message in place. */
    private final byte[] cvStack = new byte[(MAX_DEPTH + 1) * CV_LEN];
    private int stackLen;
    private final int[] cvScratch = new int[8];

    private Blake3(int[] key, int flags) {
        this.key = key;
        this.flags = flags;
        System.arraycopy(key, 0, chunkCv, 0, 8);
    }

    public static Blake3 newHasher() {
        return new Blake3(Blake3Compress.IV.clone(), 0);
    }

    public static Blake3 newKeyedHasher(byte[] key) {
        return new Blake3(keyWords(key), KEYED_HASH);
    }

    public Blake3 update(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        while (len > 0) {
            if (blockLen == BLOCK_LEN) {
                // More input follows, so the buffered block is not the last of the input.
                if (blocksCompressed == BLOCKS_PER_CHUNK - 1) {
                    finishChunk();
                } else {
                    compress(chunkCv, block, 0, chunkCounter, BLOCK_LEN, flags | startFlag(), chunkCv, false);
                    blocksCompressed++;
                    blockLen = 0;
                }
            }
            if (blockLen == 0 && blocksCompressed == 0) {
                while (len > CHUNK_LEN) {
                    hashWholeChunk(data, off);
                    off += CHUNK_LEN;
                    len -= CHUNK_LEN;
                }
            }
            if (blockLen == 0) {
                while (len > BLOCK_LEN && blocksCompressed < BLOCKS_PER_CHUNK - 1) {
                    compress(chunkCv, data, off, chunkCounter, BLOCK_LEN, flags | startFlag(), chunkCv, false);
                    blocksCompressed++;
                    off += BLOCK_LEN;
                    len -= BLOCK_LEN;
                }
            }
            int n = Math.min(BLOCK_LEN - blockLen, len);
            System.arraycopy(data, off, block, blockLen, n);
            blockLen += n;
            off += n;
            len -= n;
        }
        return this;
    }

    public Blake3 update(byte[] data) {
        return update(data, 0, data.length);
    }

    /**
     * Writes {@code len} bytes of output (extendable output) into {@code out} at {@code off}.
     * Does not change the hasher's state, so more input may follow.
     */
    public void finish(byte[] out, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, out.length);
        int[] rootCv = new int[8];
        byte[] rootBlock = new byte[BLOCK_LEN];
        int rootLen;
        int rootFlags;
        System.arraycopy(block, 0, rootBlock, 0, blockLen);
        int chunkFlags = flags | CHUNK_END | startFlag();
        if (stackLen == 0) {
            System.arraycopy(chunkCv, 0, rootCv, 0, 8);
            rootLen = blockLen;
            rootFlags = chunkFlags;
        } else {
            // Fold the open chunk into the pending left siblings; the last parent is the root.
            byte[] stack = Arrays.copyOf(cvStack, (stackLen + 1) * CV_LEN);
            int[] cv = new int[8];
            compress(chunkCv, rootBlock, 0, chunkCounter, blockLen, chunkFlags, cv, false);
            int top = stackLen;
            storeCv(cv, stack, top);
            while (top > 1) {
                compress(key, stack, (top - 1) * CV_LEN, 0, BLOCK_LEN, flags | PARENT, cv, false);
                storeCv(cv, stack, top - 1);
                top--;
            }
            System.arraycopy(key, 0, rootCv, 0, 8);
            System.arraycopy(stack, 0, rootBlock, 0, BLOCK_LEN);
            rootLen = BLOCK_LEN;
            rootFlags = flags | PARENT;
        }
        int[] words = new int[16];
        byte[] bytes = new byte[BLOCK_LEN];
        long outputBlock = 0;
        while (len > 0) {
            compress(rootCv, rootBlock, 0, outputBlock++, rootLen, rootFlags | ROOT, words, true);
            for (int i = 0; i < 16; i++) {
                LE_INT.set(bytes, 4 * i, words[i]);
            }
            int n = Math.min(BLOCK_LEN, len);
            System.arraycopy(bytes, 0, out, off, n);
            off += n;
            len -= n;
        }
    }

    public byte[] finish() {
        byte[] out = new byte[OUT_LEN];
        finish(out, 0, OUT_LEN);
        return out;
    }

    public static byte[] hash(byte[] data, int off, int len) {
        byte[] out = new byte[OUT_LEN];
        hash(data, off, len, out, 0, OUT_LEN);
        return out;
    }

    /** The first {@code outLen} (at most 32) bytes of BLAKE3 of {@code data[off, off+len)}. */
    public static void hash(byte[] data, int off, int len, byte[] out, int outOff, int outLen) {
        if (outLen < 0 || outLen > OUT_LEN) {
            throw new IllegalArgumentException("one-shot BLAKE3 output is at most 32 bytes");
        }
        oneShot(Blake3Compress.IV, 0, data, off, len, out, outOff, outLen);
    }

    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static byte[] keyedHash(byte[] key, byte[] data, int off, int len) {
        byte[] out = new byte[OUT_LEN];
        oneShot(keyWords(key), KEYED_HASH, data, off, len, out, 0, OUT_LEN);
        return out;
    }

    /** Large inputs go to the C lanes when they are loaded; the result is the same. */
    private static void oneShot(int[] key, int flags, byte[] data, int off, int len, byte[] out, int outOff,
                                int outLen) {
        java.util.Objects.checkFromIndexSize(outOff, outLen, out.length);
        if (len >= NativeBlake3.MIN_LEN && NativeBlake3.available()) {
            byte[] full = outLen == OUT_LEN ? out : new byte[OUT_LEN];
            int at = full == out ? outOff : 0;
            NativeBlake3.hash(key, flags, data, off, len, full, at);
            if (full != out) {
                System.arraycopy(full, 0, out, outOff, outLen);
            }
            return;
        }
        new Blake3(key.clone(), flags).update(data, off, len).finish(out, outOff, outLen);
    }

    /** The Java code alone, for the differential tests against the C lanes. */
    static byte[] javaHash(byte[] key, byte[] data, int off, int len) {
        Blake3 h = key == null ? newHasher() : newKeyedHasher(key);
        return h.update(data, off, len).finish();
    }

    private static int[] keyWords(byte[] key) {
        if (key.length != KEY_LEN) {
            throw new IllegalArgumentException("BLAKE3 key must be 32 bytes");
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (int) LE_INT.get(key, 4 * i);
        }
        return words;
    }

    private int startFlag() {
        return blocksCompressed == 0 ? CHUNK_START : 0;
    }

    /** Closes the full chunk held in the state (its last block buffered) and merges it. */
    private void finishChunk() {
        compress(chunkCv, block, 0, chunkCounter, BLOCK_LEN, flags | CHUNK_END | startFlag(), cvScratch, false);
        pushChunk(cvScratch);
        System.arraycopy(key, 0, chunkCv, 0, 8);
        blocksCompressed = 0;
        blockLen = 0;
    }

    private void hashWholeChunk(byte[] data, int off) {
        int[] cv = cvScratch;
        System.arraycopy(key, 0, cv, 0, 8);
        compress(cv, data, off, chunkCounter, BLOCK_LEN, flags | CHUNK_START, cv, false);
        int end = off + CHUNK_LEN - BLOCK_LEN;
        for (int p = off + BLOCK_LEN; p < end; p += BLOCK_LEN) {
            compress(cv, data, p, chunkCounter, BLOCK_LEN, flags, cv, false);
        }
        compress(cv, data, end, chunkCounter, BLOCK_LEN, flags | CHUNK_END, cv, false);
        pushChunk(cv);
    }

    /**
     * Adds a completed chunk's chaining value to the tree: a chunk count with k trailing
     * zero bits completes k subtrees, each merged with its left sibling on the stack.
     */
    private void pushChunk(int[] cv) {
        long totalChunks = ++chunkCounter;
        storeCv(cv, cvStack, stackLen);
        stackLen++;
        while ((totalChunks & 1) == 0) {
            stackLen--;
            compress(key, cvStack, (stackLen - 1) * CV_LEN, 0, BLOCK_LEN, flags | PARENT, cvScratch, false);
            storeCv(cvScratch, cvStack, stackLen - 1);
            totalChunks >>>= 1;
        }
    }

    private static void storeCv(int[] cv, byte[] stack, int index) {
        int base = index * CV_LEN;
        for (int i = 0; i < 8; i++) {
            LE_INT.set(stack, base + 4 * i, cv[i]);
        }
    }
}

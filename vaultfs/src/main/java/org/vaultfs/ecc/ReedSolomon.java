package org.vaultfs.ecc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Systematic Reed-Solomon erasure codec: shards {@code 0..data-1} carry data unchanged,
 * the rest carry parity; any {@code data} shards recover all of them. The coding matrix is
 * the Vandermonde matrix times the inverse of its top square, exactly as Backblaze and
 * reed-solomon-erasure build it, so parity bytes interoperate.
 *
 * <p>Thread-safe: instances hold only immutable matrices and a synchronized cache.
 */
public final class ReedSolomon {
    private static final int DECODE_CACHE_SIZE = 64;

    private final int dataShards;
    private final int parityShards;
    private final byte[][] matrix;
    private final byte[][] parityRows;
    private final Map<String, byte[][]> decodeCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[][]> eldest) {
            return size() > DECODE_CACHE_SIZE;
        }
    };

    public ReedSolomon(int dataShards, int parityShards) {
        if (dataShards < 1 || parityShards < 1 || dataShards + parityShards > 256) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "unsupported Reed-Solomon geometry "
                    + dataShards + "+" + parityShards + " (need data >= 1, parity >= 1, total <= 256)");
        }
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        int total = dataShards + parityShards;
        byte[][] v = Matrix.vandermonde(total, dataShards);
        byte[][] top = Arrays.copyOf(v, dataShards);
        // The top of V times its own inverse is the identity, so only the parity rows are
        // multiplied out: for 20+2, 800 products instead of 8,800, at every start of `correct`.
        this.parityRows = Matrix.times(Arrays.copyOfRange(v, dataShards, total), Matrix.invert(top));
        this.matrix = new byte[total][];
        for (int r = 0; r < dataShards; r++) {
            matrix[r] = new byte[dataShards];
            matrix[r][r] = 1;
        }
        System.arraycopy(parityRows, 0, matrix, dataShards, parityShards);
    }

    public int dataShards() {
        return dataShards;
    }

    public int parityShards() {
        return parityShards;
    }

    public int totalShards() {
        return dataShards + parityShards;
    }

    /** Computes parity shards from data shards over {@code [offset, offset+byteCount)}. */
    public void encodeParity(byte[][] shards, int offset, int byteCount) {
        encodeParity(shards, offset, byteCount, dataShards);
    }

    /**
     * As {@link #encodeParity(byte[][], int, int)} when data shards {@code leading} and above
     * are all zero over the range: those are not read (whatever they hold) and cost nothing,
     * since a zero input adds nothing to any parity byte. {@code leading} is at least 1.
     */
    public void encodeParity(byte[][] shards, int offset, int byteCount, int leading) {
        checkShards(shards, null, offset, byteCount);
        if (leading < 1 || leading > dataShards) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "leading data shards " + leading + " outside 1.." + dataShards);
        }
        CodingLoop.code(parityRows, Arrays.copyOf(shards, leading), offset,
                Arrays.copyOfRange(shards, dataShards, totalShards()), offset, byteCount);
    }

    /** Whether the parity shards are what the data shards encode to, over the range. */
    public boolean isParityCorrect(byte[][] shards, int offset, int byteCount) {
        checkShards(shards, null, offset, byteCount);
        int tile = Math.min(byteCount, 64 * 1024);
        byte[][] scratch = new byte[parityShards][tile];
        byte[][] data = Arrays.copyOf(shards, dataShards);
        for (int done = 0; done < byteCount; done += tile) {
            int n = Math.min(tile, byteCount - done);
            CodingLoop.code(parityRows, data, offset + done, scratch, 0, n);
            for (int p = 0; p < parityShards; p++) {
                int from = offset + done;
                if (!Arrays.equals(scratch[p], 0, n, shards[dataShards + p], from, from + n)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Rebuilds every shard whose {@code shardPresent} flag is false, over the range. A
     * missing shard may be null (an array of {@code offset+byteCount} bytes is allocated)
     * or an array to overwrite. Flags are left unchanged.
     *
     * @throws VaultException {@link Failure#BLOCK_AUTH} when fewer than {@code dataShards}
     *     shards are present: the damage exceeds what parity can repair
     */
    public void reconstruct(byte[][] shards, boolean[] shardPresent, int offset, int byteCount) {
        checkShards(shards, shardPresent, offset, byteCount);
        int total = totalShards();
        int present = 0;
        for (boolean p : shardPresent) {
            present += p ? 1 : 0;
        }
        if (present == total) {
            return;
        }
        if (present < dataShards) {
            throw new VaultException(Failure.BLOCK_AUTH, "unrecoverable: " + (total - present)
                    + " of " + total + " shards missing, parity repairs at most " + parityShards);
        }
        for (int i = 0; i < total; i++) {
            if (!shardPresent[i] && shards[i] == null) {
                shards[i] = new byte[offset + byteCount];
            }
        }
        int[] used = new int[dataShards];
        for (int i = 0, k = 0; k < dataShards; i++) {
            if (shardPresent[i]) {
                used[k++] = i;
            }
        }
        int missingData = 0;
        for (int d = 0; d < dataShards; d++) {
            missingData += shardPresent[d] ? 0 : 1;
        }
        if (missingData > 0) {
            byte[][] decode = decodeMatrix(used);
            byte[][] rows = new byte[missingData][];
            byte[][] outputs = new byte[missingData][];
            for (int d = 0, k = 0; d < dataShards; d++) {
                if (!shardPresent[d]) {
                    rows[k] = decode[d];
                    outputs[k++] = shards[d];
                }
            }
            byte[][] inputs = new byte[dataShards][];
            for (int k = 0; k < dataShards; k++) {
                inputs[k] = shards[used[k]];
            }
            CodingLoop.code(rows, inputs, offset, outputs, offset, byteCount);
        }
        int missingParity = 0;
        for (int p = dataShards; p < total; p++) {
            missingParity += shardPresent[p] ? 0 : 1;
        }
        if (missingParity > 0) {
            byte[][] rows = new byte[missingParity][];
            byte[][] outputs = new byte[missingParity][];
            for (int p = dataShards, k = 0; p < total; p++) {
                if (!shardPresent[p]) {
                    rows[k] = matrix[p];
                    outputs[k++] = shards[p];
                }
            }
            CodingLoop.code(rows, Arrays.copyOf(shards, dataShards), offset, outputs, offset, byteCount);
        }
    }

    /** Inverse of the coding-matrix rows of the shards used, cached per erasure pattern. */
    private byte[][] decodeMatrix(int[] used) {
        String key = Arrays.toString(used);
        synchronized (decodeCache) {
            byte[][] cached = decodeCache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[][] sub = new byte[dataShards][];
        for (int k = 0; k < dataShards; k++) {
            sub[k] = matrix[used[k]];
        }
        byte[][] inverse = Matrix.invert(sub);
        synchronized (decodeCache) {
            decodeCache.put(key, inverse);
        }
        return inverse;
    }

    private void checkShards(byte[][] shards, boolean[] present, int offset, int byteCount) {
        int total = totalShards();
        if (shards.length != total || (present != null && present.length != total)) {
            throw new VaultException(Failure.INVALID_ARGUMENT,
                    "expected " + total + " shards, got " + shards.length
                            + (present == null ? "" : " and " + present.length + " presence flags"));
        }
        if (offset < 0 || byteCount < 0 || offset + (long) byteCount > Integer.MAX_VALUE) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "bad shard range " + offset + "+" + byteCount);
        }
        for (int i = 0; i < total; i++) {
            boolean mustExist = present == null || present[i];
            byte[] s = shards[i];
            if ((mustExist && s == null) || (s != null && s.length < offset + byteCount)) {
                throw new VaultException(Failure.INVALID_ARGUMENT,
                        "shard " + i + " is " + (s == null ? "missing" : s.length + " bytes")
                                + ", range needs " + (offset + byteCount));
            }
        }
    }
}

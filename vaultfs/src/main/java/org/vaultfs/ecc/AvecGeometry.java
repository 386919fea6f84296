package org.vaultfs.ecc;

import org.vaultfs.bytes.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * The 32-byte geometry header of an AVEC payload (SPEC.md §13.4) and the layout it implies:
 * a stream of {@code totalLen} bytes cut into {@code numData} shards of {@code shardSize}
 * (last one zero-padded), grouped K at a time, each group with P parity shards.
 */
public record AvecGeometry(int k, int p, int shardSize, long totalLen) {
    public static final int HEADER_LEN = 32;
    public static final int CHECKSUM_LEN = 16;
    public static final int VERSION = 2;
    public static final int MIN_SHARD = 4096;
    public static final int MAX_SHARD = 1 << 20;
    static final byte[] MAGIC = "AVEC".getBytes(StandardCharsets.US_ASCII);

    /** The geometry the reference chooses for a stream of {@code len} > 0 bytes. */
    public static AvecGeometry forStream(long len, EcGrid grid) {
        if (len <= 0) {
            throw new IllegalArgumentException("an empty stream has no AVEC geometry");
        }
        long s = Math.max(MIN_SHARD, Math.min(MAX_SHARD, ceilDiv(len, grid.k())));
        return new AvecGeometry(grid.k(), grid.p(), (int) s, len);
    }

    /** Serialized payload length for a stream of {@code len} bytes: 0 for an empty stream. */
    public static long payloadLength(long len, EcGrid grid) {
        return len == 0 ? 0 : forStream(len, grid).payloadLength();
    }

    /**
     * Parses a geometry header. Beyond the reference's own checks (magic, version, non-zero
     * fields) it refuses shard sizes no writer produces, so that a hostile header cannot make
     * checksum tables or shard buffers grow beyond what the payload's real length allows.
     */
    public static AvecGeometry parse(byte[] b, int off) {
        if (!Arrays.equals(b, off, off + 4, MAGIC, 0, 4)) {
            throw new VaultException(Failure.MALFORMED, "bad AVEC payload magic");
        }
        int version = LittleEndian.getUnsignedShort(b, off + 4);
        if (version != VERSION) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, "unsupported AVEC payload version " + version);
        }
        int k = LittleEndian.getUnsignedShort(b, off + 6);
        int p = LittleEndian.getUnsignedShort(b, off + 8);
        long s = LittleEndian.getUnsignedInt(b, off + 10);
        long len = LittleEndian.getLong(b, off + 14);
        if (k == 0 || p == 0 || s == 0 || len <= 0) {
            throw new VaultException(Failure.MALFORMED, "AVEC payload header has zero geometry");
        }
        if (k + p > 256) {
            throw new VaultException(Failure.MALFORMED, "AVEC grid K=" + k + " P=" + p + " exceeds 256 shards");
        }
        if (s < MIN_SHARD || s > MAX_SHARD) {
            throw new VaultException(Failure.MALFORMED, "AVEC shard size " + s + " outside [4096, 1 MiB]");
        }
        // The writer never picks a shard larger than max(4096, ceil(len / K)); a larger one would
        // only make a reader allocate K+P shard buffers far beyond the stream and payload it holds.
        if (s > Math.max(MIN_SHARD, (len - 1) / k + 1)) {
            throw new VaultException(Failure.MALFORMED, "AVEC shard size " + s + " is larger than K=" + k
                    + " shards of a " + len + "-byte stream need");
        }
        return new AvecGeometry(k, p, (int) s, len);
    }

    public byte[] toBytes() {
        byte[] b = new byte[HEADER_LEN];
        System.arraycopy(MAGIC, 0, b, 0, 4);
        LittleEndian.putBytes(b, 4, VERSION, 2);
        LittleEndian.putBytes(b, 6, k, 2);
        LittleEndian.putBytes(b, 8, p, 2);
        LittleEndian.putBytes(b, 10, shardSize, 4);
        LittleEndian.putBytes(b, 14, totalLen, 8);
        return b;
    }

    public EcGrid grid() {
        return new EcGrid(k, p);
    }

    public long numData() {
        return ceilDiv(totalLen, shardSize);
    }

    public long numGroups() {
        return ceilDiv(numData(), k);
    }

    public long numParity() {
        return Math.multiplyExact(numGroups(), (long) p);
    }

    /** Offset of data shard {@code i}'s checksum inside the payload. */
    public long dataChecksumOffset(long i) {
        return HEADER_LEN + i * CHECKSUM_LEN;
    }

    /** Offset of parity shard {@code g*P+j}'s checksum inside the payload. */
    public long parityChecksumOffset(long index) {
        return HEADER_LEN + (numData() + index) * CHECKSUM_LEN;
    }

    public long checksumTableLength() {
        return Math.multiplyExact(Math.addExact(numData(), numParity()), (long) CHECKSUM_LEN);
    }

    /** Offset of parity shard {@code g*P+j}'s bytes inside the payload. */
    public long parityOffset(long index) {
        return HEADER_LEN + checksumTableLength() + index * shardSize;
    }

    /** Exact serialized length, with overflow checked (the header may be hostile). */
    public long payloadLength() {
        try {
            return Math.addExact(HEADER_LEN + checksumTableLength(), Math.multiplyExact(numParity(), (long) shardSize));
        } catch (ArithmeticException e) {
            throw new VaultException(Failure.MALFORMED, "AVEC payload geometry overflows");
        }
    }

    /** Bytes of group {@code g} that lie inside the stream (the rest of its K*S is padding). */
    public long groupStreamBytes(long g) {
        long start = g * k * (long) shardSize;
        return Math.max(0, Math.min((long) k * shardSize, totalLen - start));
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}

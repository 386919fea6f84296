package org.vaultfs.ecc;

/**
 * Reads one byte range of a protected stream through its AVEC parity, touching only the
 * parity groups that cover the range: each covering group is checked shard by shard and, when
 * damaged, rebuilt (at most P erasures). For serving a single damaged block on a read path,
 * where scanning the whole stream would cost seconds per request. Nothing is written.
 * Thread-safe: every call works in its own buffers.
 */
public final class AvecRangeReader {
    private final StreamSource stream;
    private final AvecPayload payload;
    private final ReedSolomon rs;

    public AvecRangeReader(StreamSource stream, AvecPayload payload) {
        if (stream.length() != payload.geometry().totalLen()) {
            throw new IllegalArgumentException("stream is " + stream.length() + " bytes, parity covers "
                    + payload.geometry().totalLen());
        }
        this.stream = stream;
        this.payload = payload;
        this.rs = new ReedSolomon(payload.geometry().k(), payload.geometry().p());
    }

    /**
     * The stream's bytes {@code [pos, pos+len)} with damaged shards rebuilt, or null when a
     * covering group has more damaged shards than parity (or a rebuilt shard fails its own
     * checksum). Intact bytes are returned as read: the checksums are the proof.
     */
    public byte[] read(long pos, int len) {
        AvecGeometry geo = payload.geometry();
        if (pos < 0 || len < 0 || pos + len > geo.totalLen()) {
            throw new IllegalArgumentException("range " + pos + "+" + len + " outside the stream of " + geo.totalLen());
        }
        byte[] out = new byte[len];
        if (len == 0) {
            return out;
        }
        int k = geo.k();
        int s = geo.shardSize();
        long groupBytes = (long) k * s;
        byte[][] shards = new byte[k + geo.p()][s];
        for (long g = pos / groupBytes; g <= (pos + len - 1) / groupBytes; g++) {
            boolean[] present = new boolean[k + geo.p()];
            if (AvecScanner.loadGroup(stream, payload, g, shards, present) > 0
                    && !AvecScanner.rebuild(rs, payload, g, shards, present, new boolean[k], geo.numData())) {
                return null;
            }
            copyOut(g * groupBytes, shards, k, s, pos, out);
        }
        return out;
    }

    /** Copies the part of the group's K data shards (from stream offset {@code base}) that lies in the range. */
    private static void copyOut(long base, byte[][] shards, int k, int s, long pos, byte[] out) {
        long end = pos + out.length;
        for (int i = 0; i < k; i++) {
            long shardStart = base + (long) i * s;
            long from = Math.max(shardStart, pos);
            long to = Math.min(shardStart + s, end);
            if (shardStart >= end) {
                return;
            }
            if (from < to) {
                System.arraycopy(shards[i], (int) (from - shardStart), out, (int) (from - pos), (int) (to - from));
            }
        }
    }
}

package org.vaultfs.ecc;


/**
 * Writes the AVEC payload (SPEC.md §13.4) of a stream, group by group: each group's K data
 * shards are read, checksummed and encoded, and its parity shards go straight to their
 * final position in the output, so only the (small) checksum tables stay in memory.
 */
public final class AvecEncoder {
    /** Receives the stream's bytes in order as they are read (e.g. for a content hash). */
    public interface Observer {
        void accept(byte[] b, int off, int len);
    }

    public static final Observer NONE = (b, off, len) -> { };

    private AvecEncoder() {
    }

    /** In-memory convenience for small regions (header, manifest): the whole payload. */
    public static byte[] encode(byte[] stream, EcGrid grid) {
        long len = AvecGeometry.payloadLength(stream.length, grid);
        byte[] out = new byte[Math.toIntExact(len)];
        encode(new ArrayStream(stream), grid, new ArrayStream(out), 0, 1, NONE);
        return out;
    }

    /**
     * Encodes {@code src} into {@code out} at {@code [outBase, outBase + payloadLength)}.
     *
     * @return the payload length (0 for an empty stream, which has an empty payload)
     */
    public static long encode(StreamSource src, EcGrid grid, StreamSink out, long outBase, int threads,
                              Observer observer) {
        try (GroupPipeline pipe = new GroupPipeline(threads)) {
            long n = submit(src, grid, out, outBase, pipe, observer);
            pipe.finish();
            return n;
        }
    }

    /**
     * Queues the encoding of {@code src} on {@code pipe}; the payload is complete in {@code out}
     * once the pipeline has finished (its header and checksum tables are written after its last
     * group).
     *
     * @return the payload length
     */
    static long submit(StreamSource src, EcGrid grid, StreamSink out, long outBase, GroupPipeline pipe,
                       Observer observer) {
        long len = src.length();
        if (len == 0) {
            return 0;
        }
        AvecGeometry geo = AvecGeometry.forStream(len, grid);
        int k = geo.k();
        int p = geo.p();
        int s = geo.shardSize();
        long numData = geo.numData();
        byte[] dataSums = new byte[Math.toIntExact(numData * AvecGeometry.CHECKSUM_LEN)];
        byte[] paritySums = new byte[Math.toIntExact(geo.numParity() * AvecGeometry.CHECKSUM_LEN)];
        ReedSolomon rs = new ReedSolomon(k, p);
        GroupPipeline.Task task = (g, shards) -> {
            // Slots past the last data shard are all zero: they add nothing to the parity, so
            // they are neither filled nor coded (a 64 MiB window at 10 % has 16 of them in its
            // last group of 20, and filling them was most of `correct gen`'s Java time).
            int slots = (int) Math.min(k, numData - g * k);
            for (int i = 0; i < slots; i++) {
                long idx = g * k + i;
                long pos = idx * s;
                int real = (int) Math.min(s, len - pos);
                src.read(pos, shards[i], 0, real);
                java.util.Arrays.fill(shards[i], real, s, (byte) 0);
                ShardChecksum.compute(shards[i], s, dataSums, (int) (idx * AvecGeometry.CHECKSUM_LEN));
            }
            rs.encodeParity(shards, 0, s, slots);
            for (int j = 0; j < p; j++) {
                long pidx = g * p + j;
                ShardChecksum.compute(shards[k + j], s, paritySums, (int) (pidx * AvecGeometry.CHECKSUM_LEN));
                out.write(outBase + geo.parityOffset(pidx), shards[k + j], 0, s);
            }
        };
        GroupPipeline.Ordered ordered = (g, shards) -> {
            long remaining = geo.groupStreamBytes(g);
            for (int i = 0; i < k && remaining > 0; i++) {
                int n = (int) Math.min(s, remaining);
                observer.accept(shards[i], 0, n);
                remaining -= n;
            }
        };
        pipe.submit(geo.numGroups(), k + p, s, task, ordered, () -> {
            out.write(outBase, geo.toBytes(), 0, AvecGeometry.HEADER_LEN);
            writeTable(out, outBase + geo.dataChecksumOffset(0), dataSums);
            writeTable(out, outBase + geo.parityChecksumOffset(0), paritySums);
        });
        return geo.payloadLength();
    }

    private static void writeTable(StreamSink out, long pos, byte[] table) {
        int chunk = 1 << 20;
        for (int off = 0; off < table.length; off += chunk) {
            out.write(pos + off, table, off, Math.min(chunk, table.length - off));
        }
    }
}

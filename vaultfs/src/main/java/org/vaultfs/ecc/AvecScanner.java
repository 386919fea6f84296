package org.vaultfs.ecc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Checks a stream against its AVEC payload group by group and rebuilds damaged data shards.
 * A shard whose checksum mismatches is an erasure (data or parity alike); a group with at
 * most P erasures is reconstructed, and every rebuilt shard must match its own checksum
 * before it is handed on. Nothing is written here: the {@link Output} decides what to do
 * with each finished group, in stream order.
 */
public final class AvecScanner {
    static final int MAX_LISTED = 64;

    /** Receives every group in stream order, after any reconstruction. */
    public interface Output {
        /**
         * @param streamPos stream offset of the group's first shard
         * @param shards    K data shards (then P parity), each {@code shardSize} bytes
         * @param realBytes how many of the group's K*S bytes belong to the stream
         * @param rebuilt   per data slot: whether that shard was reconstructed
         */
        void group(long streamPos, byte[][] shards, int shardSize, long realBytes, boolean[] rebuilt);
    }

    public static final Output DISCARD = (pos, shards, size, real, rebuilt) -> { };

    private AvecScanner() {
    }

    /** Writes only the rebuilt shards back into {@code sink} (repair of a copy in place). */
    public static Output patchInto(StreamSink sink) {
        return (pos, shards, size, real, rebuilt) -> {
            for (int i = 0; i < rebuilt.length; i++) {
                long start = (long) i * size;
                if (rebuilt[i] && start < real) {
                    sink.write(pos + start, shards[i], 0, (int) Math.min(size, real - start));
                }
            }
        };
    }

    private record Outcome(int damagedData, int damagedParity, boolean unrecoverable, boolean[] rebuilt) {
    }

    public static AvecReport scan(StreamSource stream, AvecPayload payload, int threads, Output output) {
        try (GroupPipeline pipe = new GroupPipeline(threads)) {
            Pending pending = submit(stream, payload, pipe, output);
            pipe.finish();
            return pending.report();
        }
    }

    /** A scan queued on a pipeline: its report is complete once the pipeline has finished. */
    static final class Pending {
        private final AvecGeometry geo;
        private final List<long[]> ranges = new ArrayList<>();
        private long damagedData;
        private long damagedParity;
        private long repaired;
        private long unrecoverable;

        private Pending(AvecGeometry geo) {
            this.geo = geo;
        }

        private void count(long g, Outcome o) {
            damagedData += o.damagedData;
            damagedParity += o.damagedParity;
            if (o.unrecoverable) {
                unrecoverable++;
                if (ranges.size() < MAX_LISTED) {
                    long start = g * geo.k() * (long) geo.shardSize();
                    ranges.add(new long[] {start, start + geo.groupStreamBytes(g)});
                }
            } else if (o.damagedData > 0) {
                repaired += o.damagedData;
            }
        }

        AvecReport report() {
            return new AvecReport(geo.numData(), geo.numParity(), damagedData, damagedParity, repaired, unrecoverable,
                    List.copyOf(ranges));
        }
    }

    /** Queues the scan of {@code stream} on {@code pipe}; groups reach {@code output} in stream order. */
    static Pending submit(StreamSource stream, AvecPayload payload, GroupPipeline pipe, Output output) {
        AvecGeometry geo = payload.geometry();
        if (stream.length() != geo.totalLen()) {
            throw new VaultException(Failure.MALFORMED, "protected stream is " + stream.length()
                    + " bytes but its parity covers " + geo.totalLen());
        }
        int k = geo.k();
        int p = geo.p();
        int s = geo.shardSize();
        long numData = geo.numData();
        ReedSolomon rs = new ReedSolomon(k, p);
        ConcurrentHashMap<Long, Outcome> outcomes = new ConcurrentHashMap<>();
        GroupPipeline.Task task = (g, shards) -> {
            boolean[] present = new boolean[k + p];
            int damagedData = loadGroup(stream, payload, g, shards, present);
            int damagedParity = 0;
            for (int j = 0; j < p; j++) {
                damagedParity += present[k + j] ? 0 : 1;
            }
            boolean[] rebuilt = new boolean[k];
            boolean unrecoverable = false;
            if (damagedData > 0) {
                unrecoverable = !rebuild(rs, payload, g, shards, present, rebuilt, numData);
            }
            outcomes.put(g, new Outcome(damagedData, damagedParity, unrecoverable, rebuilt));
        };
        Pending pending = new Pending(geo);
        GroupPipeline.Ordered ordered = (g, shards) -> {
            Outcome o = outcomes.remove(g);
            pending.count(g, o);
            output.group(g * k * (long) s, shards, s, geo.groupStreamBytes(g), o.rebuilt);
        };
        pipe.submit(geo.numGroups(), k + p, s, task, ordered, null);
        return pending;
    }

    /**
     * Reads group {@code g}'s data shards (the last one zero-padded) and P parity shards into
     * {@code shards} and marks in {@code present} which ones match their checksums. Slots past
     * the last data shard are virtual zero padding, always present, and left as they were:
     * {@link #rebuild} zeroes them before it reads them.
     *
     * @return how many data shards are damaged
     */
    static int loadGroup(StreamSource stream, AvecPayload payload, long g, byte[][] shards, boolean[] present) {
        AvecGeometry geo = payload.geometry();
        int k = geo.k();
        int s = geo.shardSize();
        long numData = geo.numData();
        long len = geo.totalLen();
        int damagedData = 0;
        for (int i = 0; i < k; i++) {
            long idx = g * k + i;
            if (idx >= numData) {
                present[i] = true; // zeroed by rebuild, the only reader of these slots
                continue;
            }
            long pos = idx * s;
            int real = (int) Math.min(s, len - pos);
            stream.read(pos, shards[i], 0, real);
            Arrays.fill(shards[i], real, s, (byte) 0);
            present[i] = payload.dataShardIntact(idx, shards[i]);
            damagedData += present[i] ? 0 : 1;
        }
        for (int j = 0; j < geo.p(); j++) {
            long pidx = g * geo.p() + j;
            payload.readParity(pidx, shards[k + j]);
            present[k + j] = payload.parityShardIntact(pidx, shards[k + j]);
        }
        return damagedData;
    }

    /** Reconstructs the erased data shards; false (and nothing marked rebuilt) if it cannot. */
    static boolean rebuild(ReedSolomon rs, AvecPayload payload, long g, byte[][] shards, boolean[] present,
                                   boolean[] rebuilt, long numData) {
        int k = rs.dataShards();
        int s = payload.geometry().shardSize();
        int have = 0;
        for (boolean b : present) {
            have += b ? 1 : 0;
        }
        if (have < k) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            if (g * k + i >= numData) {
                Arrays.fill(shards[i], 0, s, (byte) 0); // the virtual padding loadGroup left as it was
            }
        }
        // Parity shards that are not needed must not be recomputed over a damaged original.
        rs.reconstruct(shards, present.clone(), 0, s);
        for (int i = 0; i < k; i++) {
            long idx = g * k + i;
            if (!present[i] && idx < numData && !payload.dataShardIntact(idx, shards[i])) {
                return false;
            }
        }
        for (int i = 0; i < k; i++) {
            rebuilt[i] = !present[i];
        }
        return true;
    }
}

package org.vaultfs.ecc;

import java.util.List;

/**
 * What a scan of a stream against its AVEC payload found. Ranges are stream offsets
 * {@code [start, end)} of groups that have more damaged shards than parity (at most
 * {@link AvecScanner#MAX_LISTED} are listed).
 */
public record AvecReport(long dataShards, long parityShards, long damagedData, long damagedParity,
                         long repairedShards, long unrecoverableGroups, List<long[]> unrecoverableRanges) {

    public static final AvecReport EMPTY = new AvecReport(0, 0, 0, 0, 0, 0, List.of());

    public boolean clean() {
        return damagedData == 0 && damagedParity == 0;
    }

    /** All damaged data can be rebuilt (damaged parity alone never blocks that). */
    public boolean repairable() {
        return unrecoverableGroups == 0;
    }

    public AvecReport plus(AvecReport o) {
        List<long[]> r = new java.util.ArrayList<>(unrecoverableRanges);
        r.addAll(o.unrecoverableRanges);
        return new AvecReport(dataShards + o.dataShards, parityShards + o.parityShards, damagedData + o.damagedData,
                damagedParity + o.damagedParity, repairedShards + o.repairedShards,
                unrecoverableGroups + o.unrecoverableGroups, List.copyOf(r));
    }
}

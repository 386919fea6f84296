package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.vaultfs.ecc.ArrayStream;
import org.vaultfs.ecc.AvecEncoder;
import org.vaultfs.ecc.AvecGeometry;
import org.vaultfs.ecc.AvecPayload;
import org.vaultfs.ecc.AvecRangeReader;
import org.vaultfs.ecc.AvecReport;
import org.vaultfs.ecc.AvecScanner;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.error.VaultException;

/**
 * An AVEC error-correction payload (SPEC §13.4) from the fuzzer, applied to a small
 * deterministic region. Input: byte 0 picks the region ({@link EccFixtures}), bytes 1..4
 * damage it (position, span, xor), the rest is the payload. Runs {@code AvecPayload.open}
 * (§13.4 length check), a full {@code AvecScanner.scan} that patches rebuilt shards into a
 * copy of the damaged region, a re-scan of the patched copy, and {@code AvecRangeReader}
 * reads over the damage and the whole region.
 *
 * <p>Oracles beyond the invariant: a patch changes only what the scan says it rebuilt, and
 * the patched copy re-scans with exactly the unrecoverable groups' damage left; a range read
 * agrees with the patched copy (or is null only when a group is unrecoverable); and for the
 * genuine payload (byte-identical to the encoder's output for that region) damage within at
 * most P shards per group is repaired byte-exactly.
 */
class AvecPayloadFuzzTest {
    @FuzzTest
    @DictionaryEntries({"AVEC", "\"\\x02\\x00\"", "\"\\x00\\x10\\x00\\x00\"", "\"\\x00\\x00\\x10\\x00\""})
    void scan(byte[] data) {
        int ri = EccFixtures.regionIndex(data);
        byte[] original = EccFixtures.region(ri);
        byte[] damaged = EccFixtures.damaged(original, data);
        int[] span = EccFixtures.damageSpan(data, original.length);
        byte[] payloadBytes = data.length <= EccFixtures.CONTROL_LEN ? new byte[0]
                : Arrays.copyOfRange(data, EccFixtures.CONTROL_LEN, data.length);
        Invariants.withinAllocation(Invariants.DEFAULT_ALLOCATION_BUDGET, () -> {
            AvecPayload[] opened = new AvecPayload[1];
            VaultException e = Invariants.refusedOrOk(() -> opened[0] = AvecPayload.open(new ArrayStream(payloadBytes), null));
            if (e != null) {
                return;
            }
            AvecPayload payload = opened[0];
            AvecGeometry geo = payload.geometry();
            if (geo.payloadLength() != payloadBytes.length) {
                throw new AssertionError("opened a payload of " + payloadBytes.length + " bytes whose geometry needs "
                        + geo.payloadLength());
            }
            byte[] patched = damaged.clone();
            AvecReport[] report = new AvecReport[1];
            e = Invariants.refusedOrOk(() -> report[0] = AvecScanner.scan(new ArrayStream(damaged), payload, 1,
                    AvecScanner.patchInto(new ArrayStream(patched))));
            if (e != null) {
                if (!Arrays.equals(patched, damaged)) {
                    throw new AssertionError("a refused scan patched the region: " + e.getMessage());
                }
                if (geo.totalLen() == damaged.length) {
                    throw new AssertionError("scan of a matching-length region refused", e);
                }
                return;
            }
            if (geo.totalLen() != damaged.length) {
                throw new AssertionError("scan accepted a region of " + damaged.length + " bytes for parity over "
                        + geo.totalLen());
            }
            AvecReport r = report[0];
            AvecReport again = AvecScanner.scan(new ArrayStream(patched.clone()), payload, 1, AvecScanner.DISCARD);
            if (again.damagedData() != r.damagedData() - r.repairedShards() || again.repairedShards() != 0) {
                throw new AssertionError("patched region re-scans as " + again + " after " + r);
            }
            if (r.repairedShards() == 0 && !Arrays.equals(patched, damaged)) {
                throw new AssertionError("scan repaired nothing but the region changed: " + r);
            }
            boolean genuine = isGenuine(payloadBytes, geo, original);
            if (genuine && withinParity(span, geo)) {
                if (!r.repairable() || !Arrays.equals(patched, original)) {
                    throw new AssertionError("genuine parity did not repair damage " + Arrays.toString(span) + ": " + r);
                }
            }
            AvecRangeReader rr = new AvecRangeReader(new ArrayStream(damaged), payload);
            int from = Math.min(span[0], damaged.length - 1);
            int len = Math.max(1, span[1] - from);
            checkRange(rr, patched, r, from, len);
            checkRange(rr, patched, r, 0, damaged.length);
            if (genuine && withinParity(span, geo) && !Arrays.equals(rr.read(0, original.length), original)) {
                throw new AssertionError("genuine parity range read is not the original");
            }
        });
    }

    private static void checkRange(AvecRangeReader rr, byte[] patched, AvecReport r, int pos, int len) {
        byte[][] got = new byte[1][];
        VaultException e = Invariants.refusedOrOk(() -> got[0] = rr.read(pos, len));
        if (e != null) {
            throw new AssertionError("range read after a successful scan refused", e);
        }
        if (got[0] == null) {
            if (r.repairable()) {
                throw new AssertionError("range read " + pos + "+" + len + " failed though the scan repaired everything");
            }
            return;
        }
        if (!Arrays.equals(got[0], 0, len, patched, pos, pos + len)) {
            throw new AssertionError("range read " + pos + "+" + len + " differs from the scan's repair");
        }
    }

    private static boolean isGenuine(byte[] payload, AvecGeometry geo, byte[] original) {
        if (geo.totalLen() != original.length) {
            return false;
        }
        return Arrays.equals(payload, AvecEncoder.encode(original, new EcGrid(geo.k(), geo.p())));
    }

    /** Whether the damaged shards of every group number at most P. */
    static boolean withinParity(int[] span, AvecGeometry geo) {
        if (span[1] <= span[0]) {
            return true;
        }
        long first = span[0] / geo.shardSize();
        long last = (span[1] - 1) / geo.shardSize();
        for (long g = first / geo.k(); g <= last / geo.k(); g++) {
            long lo = Math.max(first, g * geo.k());
            long hi = Math.min(last, g * geo.k() + geo.k() - 1);
            if (hi - lo + 1 > geo.p()) {
                return false;
            }
        }
        return true;
    }
}

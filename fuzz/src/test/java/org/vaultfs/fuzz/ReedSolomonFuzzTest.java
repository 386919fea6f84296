package org.vaultfs.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.vaultfs.ecc.ReedSolomon;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * Reed-Solomon reconstruct over random geometries, shard contents and erasure patterns. An
 * erased shard is passed as null, as garbage of the right size, or (hostile caller) too
 * short. Oracle: with at most P erasures every shard comes back byte-exact over the range and
 * parity checks; with more, exactly {@code block-auth}; bad geometry or shard arrays are a
 * VaultException ({@code invalid-argument}), never an index or arithmetic exception.
 */
class ReedSolomonFuzzTest {
    @FuzzTest
    void reconstruct(FuzzedDataProvider d) {
        boolean hostileGeometry = d.consumeInt(0, 15) == 0;
        int k = hostileGeometry ? d.consumeInt(-2, 300) : d.consumeInt(1, 24);
        int p = hostileGeometry ? d.consumeInt(-2, 300) : d.consumeInt(1, 6);
        ReedSolomon rs;
        try {
            rs = new ReedSolomon(k, p);
        } catch (VaultException e) {
            Invariants.checkWellFormed(e);
            if (k >= 1 && p >= 1 && k + p <= 256) {
                throw new AssertionError("valid geometry " + k + "+" + p + " refused", e);
            }
            return;
        }
        if (k < 1 || p < 1 || k + p > 256) {
            throw new AssertionError("invalid geometry " + k + "+" + p + " accepted");
        }
        int total = k + p;
        int offset = d.consumeInt(0, 8);
        int count = d.consumeInt(0, 96);
        byte[][] shards = new byte[total][];
        for (int i = 0; i < k; i++) {
            shards[i] = Arrays.copyOf(d.consumeBytes(offset + count), offset + count);
        }
        for (int i = k; i < total; i++) {
            shards[i] = new byte[offset + count];
        }
        rs.encodeParity(shards, offset, count);
        byte[][] original = new byte[total][];
        for (int i = 0; i < total; i++) {
            original[i] = shards[i].clone();
        }
        boolean[] present = new boolean[total];
        int erased = 0;
        boolean shortShard = false;
        for (int i = 0; i < total; i++) {
            present[i] = d.remainingBytes() == 0 || d.consumeInt(0, 3) != 0;
            if (!present[i]) {
                erased++;
                switch (d.consumeInt(0, 3)) {
                    case 0 -> shards[i] = null;
                    case 1 -> {
                        shards[i] = new byte[Math.max(0, offset + count - 1 - d.consumeInt(0, 3))];
                        shortShard |= shards[i].length < offset + count;
                    }
                    default -> Arrays.fill(shards[i], d.consumeByte());
                }
            }
        }
        boolean badFlags = d.consumeInt(0, 31) == 0;
        boolean[] flags = badFlags ? Arrays.copyOf(present, total + (d.consumeBoolean() ? 1 : -1)) : present;
        VaultException e = Invariants.refusedOrOk(() -> rs.reconstruct(shards, flags, offset, count));
        if (badFlags || shortShard) {
            if (e == null || e.failure() != Failure.INVALID_ARGUMENT) {
                throw new AssertionError("malformed shard arrays were not refused as invalid-argument", e);
            }
            return;
        }
        if (erased > p) {
            if (e == null || e.failure() != Failure.BLOCK_AUTH) {
                throw new AssertionError(erased + " erasures with " + p + " parity: expected block-auth", e);
            }
            return;
        }
        if (e != null) {
            throw new AssertionError(erased + " erasures with " + p + " parity were not repaired", e);
        }
        for (int i = 0; i < total; i++) {
            if (!Arrays.equals(shards[i], offset, offset + count, original[i], offset, offset + count)) {
                throw new AssertionError("shard " + i + " reconstructed wrong (" + k + "+" + p + ", erased " + erased + ")");
            }
        }
        if (!rs.isParityCorrect(shards, offset, count)) {
            throw new AssertionError("parity does not check after reconstruct");
        }
    }
}

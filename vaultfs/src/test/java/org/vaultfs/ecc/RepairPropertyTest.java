package org.vaultfs.ecc;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * For any stream, grid and damage pattern that erases at most P shards per group (bytes
 * anywhere in the chosen data or parity shards, random values), repair returns exactly the
 * original; with P+1 erased data shards in one group nothing is written.
 */
class RepairPropertyTest {
    private static final int[] PCTS = {5, 7, 10, 15, 20, 25, 30, 50};

    @Test
    void damageWithinTheGridIsRepairedExactly() {
        qt().withExamples(60).forAll(longs().all(), integers().between(1, 400_000), integers().between(0, PCTS.length - 1))
                .checkAssert((seed, len, pctIndex) -> {
                    Random rnd = new Random(seed);
                    byte[] data = new byte[len];
                    rnd.nextBytes(data);
                    EcGrid grid = EcGrid.forPct(PCTS[pctIndex]);
                    byte[] payload = AvecEncoder.encode(data, grid);
                    AvecGeometry g = AvecGeometry.parse(payload, 0);
                    byte[] damaged = data.clone();
                    boolean any = false;
                    for (long grp = 0; grp < g.numGroups(); grp++) {
                        int erase = rnd.nextInt(g.p() + 1);
                        int[] slots = rnd.ints(0, g.k() + g.p()).distinct().limit(erase).toArray();
                        for (int slot : slots) {
                            if (slot < g.k()) {
                                long start = (grp * g.k() + slot) * (long) g.shardSize();
                                if (start >= len) {
                                    continue;
                                }
                                int n = 1 + rnd.nextInt(64);
                                for (int i = 0; i < n; i++) {
                                    long pos = start + rnd.nextInt((int) Math.min(g.shardSize(), len - start));
                                    damaged[(int) pos] = (byte) rnd.nextInt(256);
                                }
                                any = true;
                            } else {
                                long at = g.parityOffset(grp * g.p() + slot - g.k()) + rnd.nextInt(g.shardSize());
                                payload[(int) at] ^= (byte) (1 + rnd.nextInt(255));
                            }
                        }
                    }
                    AvecReport r = AvecCodecTest.repairInPlace(damaged, payload, 1 + rnd.nextInt(2));
                    if (!r.repairable() || !Arrays.equals(data, damaged)) {
                        throw new AssertionError("not repaired exactly: " + r + " any=" + any);
                    }
                });
    }

    @Test
    void onePastTheGridNeverWrites() {
        qt().withExamples(30).forAll(longs().all(), integers().between(40_000, 300_000))
                .checkAssert((seed, len) -> {
                    Random rnd = new Random(seed);
                    byte[] data = new byte[len];
                    rnd.nextBytes(data);
                    byte[] payload = AvecEncoder.encode(data, EcGrid.DEFAULT);
                    AvecGeometry g = AvecGeometry.parse(payload, 0);
                    byte[] damaged = data.clone();
                    for (int slot = 0; slot <= g.p(); slot++) {
                        long start = slot * (long) g.shardSize();
                        if (start < len) {
                            damaged[(int) start] ^= 1;
                        }
                    }
                    byte[] before = damaged.clone();
                    AvecReport r = AvecCodecTest.repairInPlace(damaged, payload, 1);
                    if (r.repairable() || !Arrays.equals(before, damaged)) {
                        throw new AssertionError("beyond-budget damage was written: " + r);
                    }
                });
    }
}

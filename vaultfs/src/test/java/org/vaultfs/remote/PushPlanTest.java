package org.vaultfs.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whatever blocks changed, the plan is a valid multipart upload that copies only unchanged bytes. */
class PushPlanTest {
    private static final long B = PushRecord.BLOCK;
    private static final long MIN = S3Push.MIN_PART_SIZE;

    @Test
    void incrementalPlansAreValidUploadsThatCopyOnlyUnchangedBlocks() {
        qt().withExamples(500).forAll(integers().between(1, 400), longs().all(), integers().between(0, 100),
                integers().between(5, 20)).checkAssert((blocks, seed, changedPct, partMib) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    long size = (blocks - 1) * B + 1 + r.nextLong(B);
                    boolean[] same = new boolean[blocks];
                    for (int i = 0; i < blocks; i++) {
                        same[i] = r.nextInt(100) >= changedPct;
                    }
                    long partSize = partMib * B;
                    PushPlan plan = PushPlan.incremental(size, partSize, MIN, B, same);
                    long at = 0;
                    for (int i = 0; i < plan.parts().size(); i++) {
                        PushPlan.Part p = plan.parts().get(i);
                        boolean last = i == plan.parts().size() - 1;
                        assertEquals(i + 1, p.number());
                        assertEquals(at, p.offset(), "parts are contiguous");
                        assertTrue(last || p.length() >= MIN, "only the last part may be under 5 MiB: " + p);
                        assertTrue(p.length() > 0);
                        assertEquals(0, p.offset() % B, "parts start on blocks");
                        if (p.copy()) {
                            for (long b = p.offset() / B; b * B < p.offset() + p.length(); b++) {
                                assertTrue(same[(int) b], "a copied block is unchanged: " + b);
                            }
                        } else {
                            assertTrue(p.length() <= Math.max(partSize, MIN), "an upload part is at most the part size");
                        }
                        at += p.length();
                    }
                    assertEquals(size, at, "the parts cover the file");
                    assertArrayEquals(plan.parts().stream().mapToLong(PushPlan.Part::length).toArray(),
                            PushPlan.decodeLengths(plan.encodeLengths(), size));
                });
    }

    @Test
    void aHeaderRewriteAndAnAppendSendAFewMebibytes() {
        int blocks = 1024;
        boolean[] same = new boolean[blocks + 2];
        java.util.Arrays.fill(same, true);
        same[0] = false; // header
        same[blocks - 1] = false; // the old manifest's block
        same[blocks] = false; // appended data and the new manifest
        same[blocks + 1] = false;
        PushPlan plan = PushPlan.incremental((blocks + 2) * B, 16 * B, MIN, B, same);
        long sent = (blocks + 2) * B - plan.copiedBytes();
        assertEquals(3, plan.parts().size(), plan.toString());
        assertTrue(sent <= 8 * B, "sent " + sent);
    }

    @Test
    void lengthsThatDoNotAddUpAreRejected() {
        assertNull(PushPlan.decodeLengths("5242880x2,7", 5242880L * 2 + 8));
        assertNull(PushPlan.decodeLengths("abc", 3));
        assertNull(PushPlan.decodeLengths(null, 3));
        assertArrayEquals(new long[] {5, 5, 3}, PushPlan.decodeLengths("5x2,3", 13));
    }
}

package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupPipelineTest {
    @Test
    void streamsQueuedBackToBackFinishInOrderWithTheirClosingStepsBetween() {
        List<String> seen = new ArrayList<>();
        List<Set<byte[][]>> sets = new ArrayList<>();
        Random jitter = new Random(1);
        int[][] shapes = {{5, 64}, {5, 64}, {3, 32}, {5, 64}};
        long[] groups = {7, 0, 4, 9};
        try (GroupPipeline pipe = new GroupPipeline(2)) {
            for (int st = 0; st < shapes.length; st++) {
                int stream = st;
                int delay = jitter.nextInt(3);
                Set<byte[][]> used = Collections.newSetFromMap(new IdentityHashMap<>());
                sets.add(used);
                GroupPipeline.Task task = (g, shards) -> {
                    assertEquals(shapes[stream][0], shards.length);
                    assertEquals(shapes[stream][1], shards[0].length);
                    shards[0][0] = (byte) (stream * 16 + g);
                    try {
                        Thread.sleep((g % 2) * delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                };
                pipe.submit(groups[st], shapes[st][0], shapes[st][1], task, (g, shards) -> {
                    assertEquals((byte) (stream * 16 + g), shards[0][0], "the group's own shards come back");
                    used.add(shards);
                    seen.add(stream + ":" + g);
                }, () -> seen.add(stream + ":end"));
            }
            pipe.finish();
        }
        List<String> expected = new ArrayList<>();
        for (int st = 0; st < groups.length; st++) {
            for (int g = 0; g < groups[st]; g++) {
                expected.add(st + ":" + g);
            }
            expected.add(st + ":end");
        }
        assertEquals(expected, seen);
        for (Set<byte[][]> used : sets) {
            assertTrue(used.size() <= 2 + 2, "a stream reuses threads + 2 shard sets, not one per group: " + used.size());
        }
    }

    @Test
    void aFailingTaskSurfacesOnTheCallingThread() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (GroupPipeline pipe = new GroupPipeline(2)) {
            pipe.submit(6, 2, 8, (g, s) -> {
                if (g == 3) {
                    throw boom;
                }
            }, (g, s) -> { }, null);
            assertSame(boom, assertThrows(IllegalStateException.class, pipe::finish));
        }
    }
}

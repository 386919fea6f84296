package org.vaultfs.chunking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GearTableTest {
    // Computed once with Commons Codec BLAKE3 (GearOracle); literals pin the seed string and
    // the little-endian read even if oracle and implementation drifted together.
    private static final long GEAR_0 = 0x53dbd917e3943916L;
    private static final long GEAR_42 = 0x8d24982cc383e438L;
    private static final long GEAR_255 = 0x977534ae5d747ddaL;

    @Test
    void knownAnswers() {
        assertEquals(GEAR_0, GearTable.entry(0));
        assertEquals(GEAR_42, GearTable.entry(42));
        assertEquals(GEAR_255, GearTable.entry(255));
    }

    @Test
    void everyEntryMatchesOracle() {
        long[] oracle = GearOracle.table();
        assertEquals(GEAR_42, oracle[42]);
        long[] actual = new long[256];
        for (int i = 0; i < 256; i++) {
            actual[i] = GearTable.entry(i);
        }
        assertArrayEquals(oracle, actual);
    }
}

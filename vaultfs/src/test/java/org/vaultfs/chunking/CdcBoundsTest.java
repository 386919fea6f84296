package org.vaultfs.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class CdcBoundsTest {
    @Test
    void profilesFollowLevel() {
        assertSame(CdcBounds.DEFAULT, CdcBounds.forLevel(3));
        assertSame(CdcBounds.DEFAULT, CdcBounds.forLevel(9));
        assertSame(CdcBounds.DEFAULT, CdcBounds.forLevel(18));
        assertSame(CdcBounds.ARCHIVE, CdcBounds.forLevel(19));
        assertSame(CdcBounds.ARCHIVE, CdcBounds.forLevel(22));
        assertEquals(new CdcBounds(262144, 1048576, 4194304), CdcBounds.DEFAULT);
        assertEquals(new CdcBounds(1048576, 4194304, 16777216), CdcBounds.ARCHIVE);
    }

    @Test
    void acceptsEdges() {
        assertEquals(4096, new CdcBounds(4096, 4096, 4096).max());
        assertEquals(268435456, new CdcBounds(4096, 268435456, 268435456).avg());
        CdcBounds widest = CdcBounds.of(4096, 8192, 268435456L);
        assertEquals(new CdcBounds(4096, 8192, 268435456), widest);
        // Each edge is also where acceptance stops: one step further is refused.
        assertThrows(VaultException.class, () -> new CdcBounds(4095, 4096, 4096));
        assertThrows(VaultException.class, () -> CdcBounds.of(4096, 8192, 268435457L));
    }

    @Test
    void rejectsInvalidWithMalformedNamingValues() {
        rejects(4095, 4096, 4096);
        rejects(4096, 3000, 4096);
        rejects(8192, 4096, 8192);
        rejects(4096, 8192, 4096);
        rejects(4096, 4096, 268435457);
        rejects(4096, 12288, 65536);
        rejects(-1, 4096, 4096);
        VaultException e = assertThrows(VaultException.class, () -> CdcBounds.of(4096, 8192, 1L << 40));
        assertEquals(Failure.MALFORMED, e.failure());
        assertTrue(e.getMessage().contains("max=1099511627776"), e.getMessage());
        assertThrows(VaultException.class, () -> CdcBounds.of(4096, 1L << 32, 1L << 32));
    }

    private static void rejects(int min, int avg, int max) {
        VaultException e = assertThrows(VaultException.class, () -> new CdcBounds(min, avg, max));
        assertEquals(Failure.MALFORMED, e.failure());
        assertTrue(e.getMessage().contains("min=" + min + " avg=" + avg + " max=" + max), e.getMessage());
    }
}

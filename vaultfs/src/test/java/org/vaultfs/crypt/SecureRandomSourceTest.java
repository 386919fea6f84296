package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The kernel's CSPRNG as the random source: draws of every length are filled whole and never
 * repeat. Statistical quality is the kernel's; these catch a fill that leaves bytes untouched,
 * stops at the first piece or hands out the same bytes twice.
 */
class SecureRandomSourceTest {
    @Test
    void theKernelsGeneratorIsUsedWhereTheLibraryIsLoaded() {
        assumeTrue(NativeLibrary.loaded(), "the C library is not loaded here");
        assertTrue(NativeRandom.available());
        byte[] b = new byte[32];
        assertEquals(0, NativeRandom.fill(b));
        assertFalse(Arrays.equals(new byte[32], b));
    }

    @Test
    void aLargeDrawIsFilledPastItsFirstPiece() {
        // The C side fills in 256-byte pieces: a draw of 1 MiB + 7 bytes crosses thousands.
        byte[] b = SecureRandomSource.INSTANCE.nextBytes((1 << 20) + 7);
        assertEquals((1 << 20) + 7, b.length);
        int[] counts = new int[256];
        for (byte x : b) {
            counts[x & 0xff]++;
        }
        // 4,096 expected per value; a fill that stopped early would leave a quarter million zeros.
        for (int v = 0; v < 256; v++) {
            assertTrue(counts[v] > 3_500 && counts[v] < 4_700, "value " + v + " drawn " + counts[v] + " times");
        }
        byte[] tail = Arrays.copyOfRange(b, b.length - 64, b.length);
        assertFalse(Arrays.equals(new byte[64], tail), "the last bytes were never written");
    }

    @Test
    void nonceSizedDrawsNeverRepeatAndEmptyOnesAreEmpty() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            assertTrue(seen.add(org.vaultfs.bytes.Hex.encode(SecureRandomSource.INSTANCE.nextBytes(12))));
        }
        assertEquals(0, SecureRandomSource.INSTANCE.nextBytes(0).length);
    }
}

package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every byte and char is zeroed, at the sizes around the small-array path and the copy block. */
class WipeTest {
    private static final int[] SIZES = {0, 1, 255, 256, 257, 16383, 16384, 16385, 32768, 100_003};

    @Test
    void zeroesEveryByte() {
        Random r = new Random(7);
        for (int n : SIZES) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            Arrays.fill(b, 0, Math.min(n, 1), (byte) 1); // at least one non-zero byte
            if (n > 0) {
                b[n - 1] = (byte) 0xff;
            }
            Wipe.zero(b);
            assertArrayEquals(new byte[n], b, "length " + n);
        }
    }

    @Test
    void zeroesEveryChar() {
        for (int n : SIZES) {
            char[] c = new char[n];
            Arrays.fill(c, 'x');
            Wipe.zero(c);
            assertArrayEquals(new char[n], c, "length " + n);
        }
    }

    @Test
    void nullIsNothingToWipe() {
        assertDoesNotThrow(() -> Wipe.zero((byte[]) null));
        assertDoesNotThrow(() -> Wipe.zero((char[]) null));
    }
}

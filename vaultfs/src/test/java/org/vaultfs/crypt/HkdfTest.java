package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

class HkdfTest {
    @Test
    void rfc5869TestCase3EmptySaltEmptyInfo() {
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        byte[] expected = TestHex.decode(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertArrayEquals(expected, Hkdf.sha256(ikm, new byte[0], 42));
    }

    /** RFC 5869 section 2.2: an absent salt is HashLen zero bytes; BC is the oracle. */
    @Test
    void absentSaltEqualsThirtyTwoZeroBytes() {
        SplittableRandom rnd = new SplittableRandom(5869);
        for (int len : new int[] {1, 16, 32, 33, 64, 100, 255 * 32}) {
            byte[] ikm = new byte[1 + rnd.nextInt(80)];
            byte[] info = new byte[rnd.nextInt(40)];
            rnd.nextBytes(ikm);
            rnd.nextBytes(info);
            assertArrayEquals(bc(ikm, new byte[32], info, len), Hkdf.sha256(ikm, info, len), "len " + len);
            assertArrayEquals(bc(ikm, null, info, len), Hkdf.sha256(ikm, info, len), "len " + len);
        }
    }

    @Test
    void rejectsOutOfRangeLengths() {
        assertThrows(IllegalArgumentException.class, () -> Hkdf.sha256(new byte[1], new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> Hkdf.sha256(new byte[1], new byte[0], 255 * 32 + 1));
    }

    private static byte[] bc(byte[] ikm, byte[] salt, byte[] info, int len) {
        HKDFBytesGenerator gen = new HKDFBytesGenerator(new SHA256Digest());
        gen.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[len];
        gen.generateBytes(out, 0, len);
        return out;
    }
}

package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacSha512Test {
    /** RFC 4231 test case 2: a key shorter than the block, "Jefe". */
    @Test
    void rfc4231TestCase2() {
        byte[] mac = HmacSha512.mac("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(TestHex.decode("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"), mac);
    }

    @Test
    void equalComparesWholeMac() {
        byte[] a = HmacSha512.mac(new byte[32], new byte[] {1});
        byte[] b = a.clone();
        assertTrue(HmacSha512.equal(a, b));
        b[63] ^= 1;
        assertFalse(HmacSha512.equal(a, b));
        assertFalse(HmacSha512.equal(a, java.util.Arrays.copyOf(a, 32)));
    }
}

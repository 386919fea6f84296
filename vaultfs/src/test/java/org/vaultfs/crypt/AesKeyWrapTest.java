package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AesKeyWrapTest {
    /** RFC 3394 section 4.6: 256 bits of key data with a 256-bit KEK. */
    private static final byte[] KEK = TestHex.decode("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    private static final byte[] KEY = TestHex.decode("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
    private static final byte[] WRAPPED = TestHex.decode(
            "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

    @Test
    void rfc3394Section46() {
        byte[] wrapped = AesKeyWrap.wrap(KEK, KEY);
        assertEquals(AesKeyWrap.WRAPPED_LEN, wrapped.length);
        assertArrayEquals(WRAPPED, wrapped);
        assertArrayEquals(KEY, AesKeyWrap.unwrap(KEK, WRAPPED));
    }

    @Test
    void tamperedOrMisKeyedBlobIsRejected() {
        for (int i = 0; i < WRAPPED.length; i++) {
            byte[] bad = WRAPPED.clone();
            bad[i] ^= 0x01;
            assertNull(AesKeyWrap.unwrap(KEK, bad), "byte " + i);
        }
        byte[] otherKek = KEK.clone();
        otherKek[31] ^= 1;
        assertNull(AesKeyWrap.unwrap(otherKek, WRAPPED));
        assertNull(AesKeyWrap.unwrap(KEK, java.util.Arrays.copyOf(WRAPPED, 39)));
    }
}

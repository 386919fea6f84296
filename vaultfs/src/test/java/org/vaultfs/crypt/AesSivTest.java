package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5297 appendix A, both vectors, and tamper refusal. */
class AesSivTest {
    private static byte[] h(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void rfc5297DeterministicVector() {
        AesSiv siv = new AesSiv(h("fffefdfc fbfaf9f8 f7f6f5f4 f3f2f1f0 f0f1f2f3 f4f5f6f7 f8f9fafb fcfdfeff"));
        byte[][] ad = {h("10111213 14151617 18191a1b 1c1d1e1f 20212223 24252627")};
        byte[] plain = h("11223344 55667788 99aabbcc ddee");
        byte[] sealed = siv.seal(ad, plain);
        assertArrayEquals(h("85632d07 c6e8f37f 950acd32 0a2ecc93 40c02b96 90c4dc04 daef7f6a fe5c"), sealed);
        assertArrayEquals(plain, siv.open(ad, sealed));
    }

    @Test
    void rfc5297NonceBasedVector() {
        AesSiv siv = new AesSiv(h("7f7e7d7c 7b7a7978 77767574 73727170 40414243 44454647 48494a4b 4c4d4e4f"));
        byte[][] headers = {
            h("00112233 44556677 8899aabb ccddeeff deaddada deaddada ffeeddcc bbaa9988 77665544 33221100"),
            h("10203040 50607080 90a0"),
            h("09f91102 9d74e35b d84156c5 635688c0")};
        byte[] plain = h("74686973 20697320 736f6d65 20706c61 696e7465 78742074 6f20656e 63727970 74207573 696e6720 5349562d 414553");
        byte[] sealed = siv.seal(headers, plain);
        assertArrayEquals(h("7bdb6e3b 432667eb 06f4d14b ff2fbd0f cb900f2f ddbe4043 26601965 c889bf17"
                + " dba77ceb 094fa663 b7a3f748 ba8af829 ea64ad54 4a272e9c 485b62a3 fd5c0d"), sealed);
        assertArrayEquals(plain, siv.open(headers, sealed));
    }

    @Test
    void anyChangedBitIsRefused() {
        AesSiv siv = new AesSiv(new byte[64]);
        byte[][] headers = {new byte[0], new byte[16]};
        byte[] sealed = siv.seal(headers, "entry/name.txt".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 1;
            assertNull(siv.open(headers, bad), "bit flipped at " + i);
        }
        assertNull(siv.open(new byte[][] {new byte[1], new byte[16]}, sealed), "other associated data");
    }
}

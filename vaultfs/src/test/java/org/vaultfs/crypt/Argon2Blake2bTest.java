package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** The BLAKE2b behind Argon2's H0 and H': published vectors, then Bouncy Castle as oracle. */
class Argon2Blake2bTest {
    /** RFC 7693 Appendix A. */
    @Test
    void rfc7693Abc() {
        assertEquals("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
                HexFormat.of().formatHex(hash("abc".getBytes(StandardCharsets.US_ASCII), 64)));
    }

    /** Empty input still compresses one (final, all-zero) block. */
    @Test
    void emptyMessage() {
        assertEquals("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
                HexFormat.of().formatHex(hash(new byte[0], 64)));
    }

    /** Random lengths around the 128-byte block edge, every output size, random chunking. */
    @Test
    void matchesBouncyCastle() {
        SplittableRandom rnd = new SplittableRandom(77);
        int[] edges = {0, 1, 127, 128, 129, 255, 256, 257, 1024 + 72};
        for (int n = 0; n < 400; n++) {
            int len = n < edges.length ? edges[n] : rnd.nextInt(600);
            int outLen = 1 + (n % 64);
            byte[] msg = new byte[len];
            rnd.nextBytes(msg);
            Blake2b ours = new Blake2b(outLen);
            for (int off = 0; off < len; ) {
                int chunk = Math.min(len - off, rnd.nextInt(200));
                ours.update(msg, off, chunk);
                off += chunk;
            }
            byte[] got = new byte[outLen];
            ours.doFinal(got, 0);
            Blake2bDigest bc = new Blake2bDigest(outLen * 8);
            bc.update(msg, 0, len);
            byte[] want = new byte[outLen];
            bc.doFinal(want, 0);
            assertArrayEquals(want, got, "len=" + len + " out=" + outLen);
        }
    }

    @Test
    void rejectsOutputSizesOutsideOneTo64() {
        assertThrows(IllegalArgumentException.class, () -> new Blake2b(0));
        assertThrows(IllegalArgumentException.class, () -> new Blake2b(65));
    }

    private static byte[] hash(byte[] msg, int outLen) {
        Blake2b d = new Blake2b(outLen);
        d.update(msg, 0, msg.length);
        byte[] out = new byte[outLen];
        d.doFinal(out, 0);
        return out;
    }
}

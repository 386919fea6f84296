package org.vaultfs.chunking;

import org.vaultfs.bytes.Hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChunkIdTest {
    @Test
    void knownAnswer() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 0x11);
        byte[] fox = "the quick brown fox".getBytes(StandardCharsets.US_ASCII);
        // Commons Codec keyed BLAKE3, first 16 bytes, lowercase hex.
        assertEquals("a1dfa5b146fe5f3a3264b05a167f181b", ChunkId.of(key, fox, 0, fox.length));
        byte[] foy = "the quick brown foy".getBytes(StandardCharsets.US_ASCII);
        assertNotEquals(ChunkId.of(key, fox, 0, fox.length), ChunkId.of(key, foy, 0, foy.length));
    }

    @Test
    void matchesOracleOnSlices() {
        byte[] key = GearOracle.xorshift(32, 3);
        byte[] data = GearOracle.xorshift(100_000, 4);
        byte[] full = org.apache.commons.codec.digest.Blake3.initKeyedHash(key)
                .update(Arrays.copyOfRange(data, 1000, 51_000)).doFinalize(32);
        assertEquals(Hex.encode(full, 0, 16), ChunkId.of(key, data, 1000, 50_000));
        assertEquals(32, ChunkId.of(key, data, 0, 0).length());
    }

    @Test
    void hexIsLowercase() {
        assertEquals("00ff7f80a5", Hex.encode(new byte[] {0, -1, 0x7f, (byte) 0x80, (byte) 0xa5}));
        assertEquals("", Hex.encode(new byte[0]));
    }
}

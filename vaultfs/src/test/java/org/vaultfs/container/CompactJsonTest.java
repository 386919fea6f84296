package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * CompactJson writes UTF-8 itself: checked against serde_json's escaping as the JDK's String
 * encoder spells it, over random strings of every kind of character, and the room it leaves
 * around the JSON for sealing in place.
 */
class CompactJsonTest {
    /** serde_json's compact string: only '"', '\\' and controls escaped, the rest raw UTF-8. */
    static byte[] serde(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    static String randomString(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> b.append((char) r.nextInt(0x20));
                case 1 -> b.append((char) (0x20 + r.nextInt(0x60)));
                case 2 -> b.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> b.append((char) (0x800 + r.nextInt(0xd800 - 0x800)));
                case 4 -> b.append((char) (0xe000 + r.nextInt(0x2000)));
                default -> b.appendCodePoint(0x10000 + r.nextInt(0x100000));
            }
        }
        return b.toString();
    }

    @Test
    void stringsAreEscapedAndEncodedAsSerdeJsonDoes() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String s = randomString(r);
            assertArrayEquals(serde(s), new CompactJson(1).string(s).toUtf8(), () -> "for " + s.codePoints().boxed().toList());
        }
        assertArrayEquals("\"\\u001f\\\"\\\\é€😀\"".getBytes(StandardCharsets.UTF_8),
                new CompactJson(1).string("\u001f\"\\é€😀").toUtf8());
    }

    @Test
    void anUnpairedSurrogateIsRefused() {
        for (String bad : new String[] {"a\ud800", "\udc00b", "\ud800\ud800"}) {
            assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class, () -> new CompactJson(8).string(bad)).failure());
        }
    }

    @Test
    void numbersBooleansAndGrowthPastTheFirstCapacity() {
        CompactJson j = new CompactJson(1);
        j.raw('{').key("n").number(Long.MIN_VALUE).raw(',').key("b").bool(true).raw(',').key("f").bool(false).raw('}');
        assertEquals("{\"n\":-9223372036854775808,\"b\":true,\"f\":false}", new String(j.toUtf8(), StandardCharsets.UTF_8));
    }

    @Test
    void roomIsLeftAroundTheJson() {
        byte[] withRoom = new CompactJson(4).raw('[').string("x").raw(']').withRoom(12, 16);
        assertEquals(12 + 5 + 16, withRoom.length);
        assertArrayEquals(new byte[12], Arrays.copyOfRange(withRoom, 0, 12));
        assertEquals("[\"x\"]", new String(withRoom, 12, 5, StandardCharsets.UTF_8));
        assertArrayEquals(new byte[16], Arrays.copyOfRange(withRoom, 17, 33));
    }

    /** Sealing the manifest in place gives nonce || GCM-SIV(JSON) as sealing a copy does, with the same nonce. */
    @Test
    void aManifestSealedInPlaceIsTheSameBytes() {
        try (VaultKeys keys = VaultKeys.generate(new org.vaultfs.testing.DeterministicRandom())) {
            byte[] json = new CompactJson(8).raw('{').key("format").number(3).raw(',').key("p").string("é/😀").raw('}').toUtf8();
            byte[] nonce = new org.vaultfs.testing.DeterministicRandom().nextBytes(12);
            org.vaultfs.crypt.AesGcmSiv aead = new org.vaultfs.crypt.AesGcmSiv(keys.masterKey());
            byte[] ct = aead.seal(nonce, json, 0, json.length, BlockAad.MANIFEST);
            aead.destroy();
            byte[] copy = Arrays.copyOf(nonce, 12 + ct.length);
            System.arraycopy(ct, 0, copy, 12, ct.length);
            byte[] room = new byte[ManifestCrypto.HEAD + json.length + ManifestCrypto.TAIL];
            System.arraycopy(json, 0, room, ManifestCrypto.HEAD, json.length);
            byte[] inPlace = ManifestCrypto.sealInPlace(keys, room, new org.vaultfs.testing.DeterministicRandom());
            assertArrayEquals(copy, inPlace);
            assertArrayEquals(json, ManifestCrypto.open(keys, false, inPlace));
        }
    }
}

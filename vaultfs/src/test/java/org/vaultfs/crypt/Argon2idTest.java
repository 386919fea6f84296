package org.vaultfs.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Argon2idTest {
    /**
     * Expected values come from the reference C implementation's CLI (Debian package argon2,
     * 0~20171227), not from this code:
     * {@code echo -n "correct horse battery staple" | argon2 aerovault-kat-salt-32-bytes-long -id -m 17 -t 4 -p 4 -l 32 -r}
     */
    @Test
    void aeroVaultProfileMatchesReferenceImplementation() {
        byte[] out = Argon2id.derive(ascii("correct horse battery staple"), ascii("aerovault-kat-salt-32-bytes-long"));
        assertEquals("65253d10fb9142b3264c35bf123f2c8687852b447a02f03737653d61f60bf529", TestHex.encode(out));
    }

    /** Small profile, same CLI: {@code echo -n password | argon2 somesalt -id -m 10 -t 2 -p 1 -l 32 -r}. */
    @Test
    void smallProfileMatchesReferenceImplementation() {
        byte[] out = Argon2id.derive(ascii("password"), ascii("somesalt"), 1024, 2, 1);
        assertEquals("ec57ec9c0eaf51eeea2e92ffdcaa9cdee478f1927215b515b7b8d66657f41ed9", TestHex.encode(out));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package org.vaultfs.crypt;

import java.util.HexFormat;

final class TestHex {
    private TestHex() {
    }

    static byte[] decode(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String encode(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

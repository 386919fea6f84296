package org.vaultfs.spec;

import java.util.HexFormat;

/** Lowercase hex (SPEC §1.1). */
final class Hex {
    private Hex() {
    }

    static String of(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] parse(String s) {
        return HexFormat.of().parseHex(s);
    }
}

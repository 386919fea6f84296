package org.vaultfs.legacy;

import org.vaultfs.crypt.AesSiv;

/** Lets the fuzz targets reach the package-private AEROVAULT2 parsers. */
public final class LegacyFuzzAccess {
    private LegacyFuzzAccess() {
    }

    public static void parseHeader(byte[] b) {
        V2Header.parse(b, "fuzz input");
    }

    /** The manifest text path: canonical base64url, then AES-256-SIV, then the JSON. */
    public static int openManifest(AesSiv siv, byte[] text) {
        return V2Manifest.read(V2Manifest.open(siv, text, "fuzz manifest"), siv).entries().size();
    }

    /** The JSON path alone (names still have to open under {@code siv}). */
    public static int readManifestJson(AesSiv siv, byte[] json) {
        return V2Manifest.read(json, siv).entries().size();
    }

    /** A name sealed as the reference seals it, for building inputs that get past name decryption. */
    public static String sealName(AesSiv siv, String name) {
        byte[] sealed = siv.seal(new byte[][] {new byte[0], new byte[16]}, name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }
}

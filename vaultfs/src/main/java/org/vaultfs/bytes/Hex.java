package org.vaultfs.bytes;

/** Lowercase hex, as chunk ids are written in the manifest. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] bytes, int off, int len) {
        char[] out = new char[len * 2];
        for (int i = 0; i < len; i++) {
            int b = bytes[off + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out);
    }

    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }
}

package org.vaultfs.crypt;

import java.util.Arrays;

/** Zeroes key material; Java cannot guarantee no copies remain, but we drop ours. */
public final class Wipe {
    /**
     * Large arrays (a decrypted manifest is megabytes) are wiped by copying from this block:
     * {@code System.arraycopy} is a memmove even in the interpreter, where the byte loop of
     * {@code Arrays.fill} ran 8 MiB in about 0.1 s of a cold mount's start.
     */
    private static final int BLOCK = 16 << 10;
    private static final byte[] ZERO_BYTES = new byte[BLOCK];
    private static final char[] ZERO_CHARS = new char[BLOCK];

    private Wipe() {
    }

    public static void zero(byte[] b) {
        if (b == null) {
            return;
        }
        if (b.length <= 256) {
            Arrays.fill(b, (byte) 0);
            return;
        }
        for (int off = 0; off < b.length; off += BLOCK) {
            System.arraycopy(ZERO_BYTES, 0, b, off, Math.min(BLOCK, b.length - off));
        }
    }

    public static void zero(char[] c) {
        if (c == null) {
            return;
        }
        if (c.length <= 256) {
            Arrays.fill(c, '\0');
            return;
        }
        for (int off = 0; off < c.length; off += BLOCK) {
            System.arraycopy(ZERO_CHARS, 0, c, off, Math.min(BLOCK, c.length - off));
        }
    }
}

package org.vaultfs.crypt;

import java.util.Arrays;

/** Zeroes key material; Java cannot guarantee no copies remain, but we drop ours. */
public final class Wipe {
    private Wipe() {
    }

    public static void zero(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }

    public static void zero(char[] c) {
        if (c != null) {
            Arrays.fill(c, '\0');
        }
    }
}

package org.vaultfs.crypt;

/** Comparisons of secret 16-byte values whose time does not depend on where they differ. */
final class ConstantTime {
    private ConstantTime() {
    }

    static boolean equal16(byte[] a, byte[] b) {
        return diff16(a, 0, b, 0) == 0;
    }

    /** Zero when the two 16-byte ranges are equal, non-zero otherwise. */
    static int diff16(byte[] a, int aOff, byte[] b, int bOff) {
        int d = 0;
        for (int i = 0; i < 16; i++) {
            d |= a[aOff + i] ^ b[bOff + i];
        }
        return d;
    }
}

package org.vaultfs.chunking;

import org.vaultfs.crypt.NativeLibrary;

/**
 * The gear scan in C (src/main/native/gear_native.c), for {@link GearScanner}: the same chain
 * of a rotate and an add per byte, at C2's speed without C2, so a seal can run its Java code on
 * C1 alone.
 */
final class NativeGear {
    private static final boolean AVAILABLE = NativeLibrary.loaded() && init();

    private NativeGear() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean init() {
        try {
            init0(GearTable.TABLE);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static native void init0(long[] table);

    /**
     * Folds {@code data[from, untested)} untested and {@code data[untested, tested)} tested
     * against {@code mask}; {@code state[0]} is the hash in and out. Returns the index past the
     * cut, or -1 without one. Bounds are the caller's to check.
     */
    static native int scan0(byte[] data, int from, int untested, int tested, long mask, long[] state);
}

package org.vaultfs.crypt;

/**
 * What a process holding keys and plaintext does to itself, in C when the library is loaded:
 * no core dump, not dumpable (which also closes {@code /proc/PID/mem} and {@code environ} to
 * other processes of the same user), and the named environment values overwritten in place.
 */
public final class NativeProcess {
    private NativeProcess() {
    }

    /**
     * Applies all three; false when the C library is not loaded or a step failed, and the
     * caller takes its own way (or reports it).
     */
    public static boolean harden(String... environmentNames) {
        if (!NativeLibrary.loaded()) {
            return false;
        }
        try {
            return harden0(environmentNames.clone());
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static native boolean harden0(String[] environmentNames);
}

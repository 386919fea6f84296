package org.vaultfs.crypt;

/**
 * Argon2id (RFC 9106, version 0x13) at the fixed AeroVault profile. Runs on {@link Argon2}, our
 * own implementation: Bouncy Castle's took seconds per vault open at this profile and is kept
 * only as a test oracle.
 */
public final class Argon2id {
    public static final int MEMORY_KIB = 128 * 1024;
    public static final int ITERATIONS = 4;
    public static final int LANES = 4;
    public static final int OUT_LEN = 32;

    private Argon2id() {
    }

    public static byte[] derive(byte[] password, byte[] salt) {
        return derive(password, salt, MEMORY_KIB, ITERATIONS, LANES);
    }

    public static byte[] derive(byte[] password, byte[] salt, int memoryKib, int iterations, int lanes) {
        return Argon2.argon2id(password, salt, memoryKib, iterations, lanes, OUT_LEN);
    }
}

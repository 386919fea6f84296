package org.vaultfs.crypt;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106, version 0x13) at the fixed AeroVault profile. */
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
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[OUT_LEN];
        gen.generateBytes(password, out);
        return out;
    }
}

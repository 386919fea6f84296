package org.vaultfs.crypt;

import java.security.SecureRandom;

/** The production random source: the platform CSPRNG. */
public final class SecureRandomSource implements RandomSource {
    public static final SecureRandomSource INSTANCE = new SecureRandomSource();

    private final SecureRandom random = new SecureRandom();

    private SecureRandomSource() {
    }

    @Override
    public synchronized byte[] nextBytes(int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }
}

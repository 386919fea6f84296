package org.vaultfs.crypt;

import java.security.SecureRandom;

/**
 * The production random source: the kernel's CSPRNG ({@link NativeRandom}), or the platform's
 * {@code SecureRandom} where the C library is not loaded or the call fails.
 */
public final class SecureRandomSource implements RandomSource {
    public static final SecureRandomSource INSTANCE = new SecureRandomSource();

    private SecureRandom fallback;

    private SecureRandomSource() {
    }

    @Override
    public byte[] nextBytes(int length) {
        byte[] out = new byte[length];
        if (NativeRandom.available() && NativeRandom.fill(out) == 0) {
            return out;
        }
        fromJdk(out);
        return out;
    }

    private synchronized void fromJdk(byte[] out) {
        if (fallback == null) {
            fallback = new SecureRandom();
        }
        fallback.nextBytes(out);
    }
}

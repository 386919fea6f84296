package org.vaultfs.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vaultfs.container.PasswordKdf;

/**
 * Real Argon2id, memoised per (password, salt): tests open the same vault many times and
 * the 128 MiB derivation would otherwise dominate the suite's run time.
 */
public final class CachingKdf implements PasswordKdf {
    public static final CachingKdf INSTANCE = new CachingKdf();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public byte[] derive(byte[] password, byte[] salt) {
        String k = Arrays.toString(password) + "/" + Arrays.toString(salt);
        return cache.computeIfAbsent(k, x -> PasswordKdf.ARGON2ID.derive(password, salt)).clone();
    }
}

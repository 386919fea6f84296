package org.vaultfs.crypt;

/**
 * Where salts, keys and nonces come from. Each call is one request: deterministic test
 * sources depend on request boundaries, so callers must ask for exactly what they use.
 */
public interface RandomSource {
    byte[] nextBytes(int length);
}

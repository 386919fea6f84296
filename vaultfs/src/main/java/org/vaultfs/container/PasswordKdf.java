package org.vaultfs.container;

import org.vaultfs.crypt.Argon2id;

/**
 * Turns a password and salt into the base KEK. Production always uses Argon2id at the fixed
 * AeroVault profile; the seam exists so tests can memoise the (deliberately slow) derivation.
 */
@FunctionalInterface
public interface PasswordKdf {
    PasswordKdf ARGON2ID = Argon2id::derive;

    byte[] derive(byte[] password, byte[] salt);
}

/**
 * The primitives: AES-256-GCM-SIV, BLAKE3, Argon2id, HKDF, AES key wrap, HMAC.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.crypt;

/**
 * The AEROVAULT3 container (SPEC.md): header, keys, manifest, blocks; reading
 * ({@link org.vaultfs.container.VaultReader}), editing ({@link org.vaultfs.container.VaultEditor}),
 * verification and repair.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.container;

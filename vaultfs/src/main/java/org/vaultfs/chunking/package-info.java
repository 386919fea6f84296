/**
 * Gear content-defined chunking (AEROVAULT3 {@code gear-cdc} v1) and keyed chunk ids.
 * Boundaries and ids must match the reference bit for bit: they decide chunk ids, and
 * therefore dedup and cross-opening of containers.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.chunking;

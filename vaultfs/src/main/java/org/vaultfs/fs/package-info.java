/**
 * The filesystem view a mount serves (tree, handles, a byte-bounded chunk cache, read-ahead)
 * and crash-safe extraction that never writes outside its target.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.fs;

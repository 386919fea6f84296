/**
 * One home for byte helpers every layer uses: little-endian fields, hex, native memory,
 * pooled scratch arrays.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.bytes;

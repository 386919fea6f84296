/**
 * Small-file packing: files under 256 KiB are concatenated so chunking and compression see a wide stream.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.packing;

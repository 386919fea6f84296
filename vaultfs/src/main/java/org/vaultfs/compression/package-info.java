/**
 * Per-chunk zstd ({@code compression} wrapper {@code zstd} v1). Compressed frames must be
 * byte-identical to the reference's {@code zstd::stream::encode_all} (libzstd 1.5.7 on
 * both sides), because stored bytes feed the cipher hash and error-correction parity.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.compression;

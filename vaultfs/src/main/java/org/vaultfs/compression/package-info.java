/**
 * Per-chunk zstd ({@code compression} wrapper {@code zstd} v1). Compressed frames must be
 * byte-identical to the reference's {@code zstd::stream::encode_all} (libzstd 1.5.7 on
 * both sides), because stored bytes feed the cipher hash and error-correction parity.
 */
package org.vaultfs.compression;

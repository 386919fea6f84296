/**
 * Reed-Solomon erasure coding over GF(2^8), bit-compatible with Backblaze JavaReedSolomon
 * and the Rust {@code reed-solomon-erasure} crate (which the reference's error-correction
 * layer uses): field polynomial 0x11D, generator 2, systematic Vandermonde-derived matrix.
 *
 * <p>Internal: library users start at {@link org.vaultfs.Vault}, which hands out the public
 * types of this package they need; the rest may change without notice.
 */
package org.vaultfs.ecc;

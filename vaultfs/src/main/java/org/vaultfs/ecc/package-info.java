/**
 * Reed-Solomon erasure coding over GF(2^8), bit-compatible with Backblaze JavaReedSolomon
 * and the Rust {@code reed-solomon-erasure} crate (which the reference's error-correction
 * layer uses): field polynomial 0x11D, generator 2, systematic Vandermonde-derived matrix.
 */
package org.vaultfs.ecc;

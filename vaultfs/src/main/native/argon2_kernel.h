/* Argon2's compression G for argon2_native.c. */
#ifndef VAULTFS_ARGON2_KERNEL_H
#define VAULTFS_ARGON2_KERNEL_H

#include <stdint.h>

#define ARGON2_WORDS 128

/* dst = G(x, y), or dst ^= G(x, y) when with_xor; all three 1 KiB blocks of 128 words; scratch holds 256 words, 32-byte
 * aligned, which the caller wipes. AVX2 only: the caller checks the CPU. */
void argon2_fill_block_avx2(const uint64_t *x, const uint64_t *y, uint64_t *dst, uint64_t *scratch, int with_xor);

#endif

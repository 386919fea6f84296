/* BLAKE3 kernels behind vaultfs's JNI entry points. The Java class NativeBlake3 is the only
 * caller; the portable code here is the reference the lane kernel is tested against. */
#ifndef VAULTFS_BLAKE3_KERNEL_H
#define VAULTFS_BLAKE3_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#define B3_BLOCK_LEN 64
#define B3_CHUNK_LEN 1024
#define B3_CHUNK_START 1u
#define B3_CHUNK_END 2u
#define B3_PARENT 4u
#define B3_ROOT 8u

extern const uint32_t b3_iv[8];
extern const uint8_t b3_schedule[7][16];

void b3_compress(const uint32_t cv[8], const uint8_t block[64], uint64_t counter, uint32_t block_len,
                 uint32_t flags, uint32_t out[16]);

/* Chaining values of 16 whole, consecutive chunks at in (16 KiB), the first numbered counter;
 * 32 bytes each, little-endian, into out. AVX-512F only: the caller checks the CPU. */
void b3_hash16_avx512(const uint8_t *in, const uint32_t key[8], uint64_t counter, uint32_t flags,
                      uint8_t out[16 * 32]);

/* Chaining values of 16 parent nodes, each the 64-byte pair of child chaining values at
 * pairs + 64 * l (1 KiB in all), into out. AVX-512F only. */
void b3_parents16_avx512(const uint8_t *pairs, const uint32_t key[8], uint32_t flags, uint8_t out[16 * 32]);

#endif

/* GF(2^8) region coding behind NativeGf (Reed-Solomon, polynomial 0x11D). */
#ifndef VAULTFS_GF_KERNEL_H
#define VAULTFS_GF_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/* out[o][i] = XOR over j of c[o][j] * in[j][i] for i < n, where matrices[o * n_in + j] is the
 * GF2P8AFFINEQB matrix of c[o][j]; in and out hold one row per shard, tile bytes apart.
 * AVX-512F, AVX-512BW and GFNI only: the caller checks the CPU. */
void gf_code_tile_gfni(const uint64_t *matrices, int n_in, int n_out, const uint8_t *in, uint8_t *out, int tile,
                       int n);

#endif

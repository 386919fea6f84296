/* Reed-Solomon region coding over GF(2^8) with polynomial 0x11D, 64 bytes per instruction.
 * Multiplying by a constant is linear over GF(2), so for any field polynomial it is an 8x8
 * bit matrix, which GF2P8AFFINEQB applies to every byte of a register; its own multiply
 * instruction (GF2P8MULB) is fixed to AES's polynomial 0x11B and cannot serve here. */
#include <immintrin.h>

#include "gf_kernel.h"

void gf_code_tile_gfni(const uint64_t *matrices, int n_in, int n_out, const uint8_t *in, uint8_t *out, int tile,
                       int n) {
    int i = 0;
    for (; i + 64 <= n; i += 64) {
        for (int o = 0; o < n_out; o++) {
            const uint64_t *row = matrices + (size_t)o * n_in;
            __m512i acc = _mm512_setzero_si512();
            for (int j = 0; j < n_in; j++) {
                __m512i x = _mm512_loadu_si512(in + (size_t)j * tile + i);
                acc = _mm512_xor_si512(acc, _mm512_gf2p8affine_epi64_epi8(x, _mm512_set1_epi64((long long)row[j]), 0));
            }
            _mm512_storeu_si512(out + (size_t)o * tile + i, acc);
        }
    }
    if (i < n) {
        __mmask64 m = n - i == 64 ? ~(__mmask64)0 : (((__mmask64)1 << (n - i)) - 1);
        for (int o = 0; o < n_out; o++) {
            const uint64_t *row = matrices + (size_t)o * n_in;
            __m512i acc = _mm512_setzero_si512();
            for (int j = 0; j < n_in; j++) {
                __m512i x = _mm512_maskz_loadu_epi8(m, in + (size_t)j * tile + i);
                acc = _mm512_xor_si512(acc, _mm512_gf2p8affine_epi64_epi8(x, _mm512_set1_epi64((long long)row[j]), 0));
            }
            _mm512_mask_storeu_epi8(out + (size_t)o * tile + i, m, acc);
        }
    }
}

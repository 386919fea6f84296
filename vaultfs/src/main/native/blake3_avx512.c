/* Sixteen BLAKE3 chunks at once, one per 32-bit lane of a 512-bit register: the many 1 KiB
 * chunks of a large input are independent until the tree above them, so a lane per chunk
 * needs no cross-lane work except transposing each message block into word-major order. */
#include <immintrin.h>
#include <string.h>

#include "blake3_kernel.h"

#define ROUND_G(a, b, c, d, x, y)                                                            \
    do {                                                                                 \
        a = _mm512_add_epi32(_mm512_add_epi32(a, b), x);                                 \
        d = _mm512_ror_epi32(_mm512_xor_si512(d, a), 16);                                \
        c = _mm512_add_epi32(c, d);                                                      \
        b = _mm512_ror_epi32(_mm512_xor_si512(b, c), 12);                                \
        a = _mm512_add_epi32(_mm512_add_epi32(a, b), y);                                 \
        d = _mm512_ror_epi32(_mm512_xor_si512(d, a), 8);                                 \
        c = _mm512_add_epi32(c, d);                                                      \
        b = _mm512_ror_epi32(_mm512_xor_si512(b, c), 7);                                 \
    } while (0)

/* Rows r[l] hold lane l's 16 message words; afterwards r[w] holds word w of every lane. */
static inline void transpose16(__m512i r[16]) {
    __m512i t[16], u[16];
    for (int k = 0; k < 8; k++) {
        t[2 * k] = _mm512_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
        t[2 * k + 1] = _mm512_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
    }
    /* u[4g + e]: in its 128-bit lane k, rows 4g..4g+3 of word 4k+e. */
    for (int g = 0; g < 4; g++) {
        __m512i *s = &t[4 * g];
        u[4 * g + 0] = _mm512_unpacklo_epi64(s[0], s[2]);
        u[4 * g + 1] = _mm512_unpackhi_epi64(s[0], s[2]);
        u[4 * g + 2] = _mm512_unpacklo_epi64(s[1], s[3]);
        u[4 * g + 3] = _mm512_unpackhi_epi64(s[1], s[3]);
    }
    for (int e = 0; e < 4; e++) {
        __m512i p0 = _mm512_shuffle_i32x4(u[e], u[4 + e], _MM_SHUFFLE(1, 0, 1, 0));
        __m512i p1 = _mm512_shuffle_i32x4(u[e], u[4 + e], _MM_SHUFFLE(3, 2, 3, 2));
        __m512i q0 = _mm512_shuffle_i32x4(u[8 + e], u[12 + e], _MM_SHUFFLE(1, 0, 1, 0));
        __m512i q1 = _mm512_shuffle_i32x4(u[8 + e], u[12 + e], _MM_SHUFFLE(3, 2, 3, 2));
        r[0 + e] = _mm512_shuffle_i32x4(p0, q0, _MM_SHUFFLE(2, 0, 2, 0));
        r[4 + e] = _mm512_shuffle_i32x4(p0, q0, _MM_SHUFFLE(3, 1, 3, 1));
        r[8 + e] = _mm512_shuffle_i32x4(p1, q1, _MM_SHUFFLE(2, 0, 2, 0));
        r[12 + e] = _mm512_shuffle_i32x4(p1, q1, _MM_SHUFFLE(3, 1, 3, 1));
    }
}

/* Sixteen inputs of `blocks` 64-byte blocks each, lane l's at in + l * stride, lane l
 * counting from counter + l * step; start and end are the flags of the first and last block. */
static void hash16_lanes(const uint8_t *in, size_t stride, int blocks, const uint32_t key[8], uint64_t counter,
                         uint64_t step, uint32_t flags, uint32_t start, uint32_t end, uint8_t out[16 * 32]) {
    uint32_t lo[16], hi[16];
    for (int l = 0; l < 16; l++) {
        uint64_t c = counter + (uint64_t)l * step;
        lo[l] = (uint32_t)c;
        hi[l] = (uint32_t)(c >> 32);
    }
    const __m512i ctr_lo = _mm512_loadu_si512(lo);
    const __m512i ctr_hi = _mm512_loadu_si512(hi);
    __m512i h[8];
    for (int i = 0; i < 8; i++) {
        h[i] = _mm512_set1_epi32((int)key[i]);
    }
    for (int j = 0; j < blocks; j++) {
        __m512i m[16];
        for (int l = 0; l < 16; l++) {
            m[l] = _mm512_loadu_si512(in + (size_t)l * stride + (size_t)j * B3_BLOCK_LEN);
        }
        transpose16(m);
        uint32_t f = flags | (j == 0 ? start : 0) | (j == blocks - 1 ? end : 0);
        __m512i v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3];
        __m512i v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        __m512i v8 = _mm512_set1_epi32((int)b3_iv[0]), v9 = _mm512_set1_epi32((int)b3_iv[1]);
        __m512i v10 = _mm512_set1_epi32((int)b3_iv[2]), v11 = _mm512_set1_epi32((int)b3_iv[3]);
        __m512i v12 = ctr_lo, v13 = ctr_hi;
        __m512i v14 = _mm512_set1_epi32(B3_BLOCK_LEN), v15 = _mm512_set1_epi32((int)f);
        for (int r = 0; r < 7; r++) {
            const uint8_t *s = b3_schedule[r];
            ROUND_G(v0, v4, v8, v12, m[s[0]], m[s[1]]);
            ROUND_G(v1, v5, v9, v13, m[s[2]], m[s[3]]);
            ROUND_G(v2, v6, v10, v14, m[s[4]], m[s[5]]);
            ROUND_G(v3, v7, v11, v15, m[s[6]], m[s[7]]);
            ROUND_G(v0, v5, v10, v15, m[s[8]], m[s[9]]);
            ROUND_G(v1, v6, v11, v12, m[s[10]], m[s[11]]);
            ROUND_G(v2, v7, v8, v13, m[s[12]], m[s[13]]);
            ROUND_G(v3, v4, v9, v14, m[s[14]], m[s[15]]);
        }
        h[0] = _mm512_xor_si512(v0, v8);
        h[1] = _mm512_xor_si512(v1, v9);
        h[2] = _mm512_xor_si512(v2, v10);
        h[3] = _mm512_xor_si512(v3, v11);
        h[4] = _mm512_xor_si512(v4, v12);
        h[5] = _mm512_xor_si512(v5, v13);
        h[6] = _mm512_xor_si512(v6, v14);
        h[7] = _mm512_xor_si512(v7, v15);
    }
    uint32_t words[8][16];
    for (int w = 0; w < 8; w++) {
        _mm512_storeu_si512(words[w], h[w]);
    }
    for (int l = 0; l < 16; l++) {
        for (int w = 0; w < 8; w++) {
            memcpy(out + l * 32 + w * 4, &words[w][l], 4); /* x86 is little-endian */
        }
    }
}

void b3_hash16_avx512(const uint8_t *in, const uint32_t key[8], uint64_t counter, uint32_t flags,
                      uint8_t out[16 * 32]) {
    hash16_lanes(in, B3_CHUNK_LEN, B3_CHUNK_LEN / B3_BLOCK_LEN, key, counter, 1, flags, B3_CHUNK_START, B3_CHUNK_END,
                 out);
}

void b3_parents16_avx512(const uint8_t *pairs, const uint32_t key[8], uint32_t flags, uint8_t out[16 * 32]) {
    hash16_lanes(pairs, B3_BLOCK_LEN, 1, key, 0, 0, flags | B3_PARENT, 0, 0, out);
}

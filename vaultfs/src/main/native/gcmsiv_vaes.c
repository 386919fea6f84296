/* AES-256 counter mode and POLYVAL on 512-bit registers for gcmsiv_native.c: VAES encrypts
 * four blocks per instruction and VPCLMULQDQ multiplies four, so one pass carries sixteen
 * counter blocks or eight POLYVAL blocks. Built with AES-NI, PCLMULQDQ, AVX-512F/BW/VL, VAES and
 * VPCLMULQDQ enabled; called only where init0 found the CPU has them all. The 128-bit kernels in
 * gcmsiv_aesni.c finish what is shorter than one pass and are the reference for the tests. */
#include <immintrin.h>
#include <string.h>

#include "gcmsiv_kernel.h"

void gs_ctr_wide(const gs_aes_key *k, uint8_t counter[16], const uint8_t *in, uint8_t *out, size_t len) {
    const __m128i *rk = (const __m128i *)k->rk;
    __m512i keys[15];
    for (int r = 0; r < 15; r++) {
        keys[r] = _mm512_broadcast_i32x4(_mm_load_si128(rk + r));
    }
    /* Lanes hold counter + 0..3; the four registers + 0..3, 4..7, 8..11, 12..15. Only the
     * low 32 bits of each block move, modulo 2^32, as RFC 8452 asks. */
    __m512i ctr = _mm512_add_epi32(_mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)counter)),
                                   _mm512_set_epi32(0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0));
    const __m512i four = _mm512_set_epi32(0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4);
    size_t i = 0;
    for (; i + 256 <= len; i += 256) {
        __m512i c0 = ctr, c1 = _mm512_add_epi32(c0, four), c2 = _mm512_add_epi32(c1, four),
                c3 = _mm512_add_epi32(c2, four);
        ctr = _mm512_add_epi32(c3, four);
        c0 = _mm512_xor_si512(c0, keys[0]);
        c1 = _mm512_xor_si512(c1, keys[0]);
        c2 = _mm512_xor_si512(c2, keys[0]);
        c3 = _mm512_xor_si512(c3, keys[0]);
        for (int r = 1; r < 14; r++) {
            c0 = _mm512_aesenc_epi128(c0, keys[r]);
            c1 = _mm512_aesenc_epi128(c1, keys[r]);
            c2 = _mm512_aesenc_epi128(c2, keys[r]);
            c3 = _mm512_aesenc_epi128(c3, keys[r]);
        }
        c0 = _mm512_aesenclast_epi128(c0, keys[14]);
        c1 = _mm512_aesenclast_epi128(c1, keys[14]);
        c2 = _mm512_aesenclast_epi128(c2, keys[14]);
        c3 = _mm512_aesenclast_epi128(c3, keys[14]);
        const uint8_t *s = in + i;
        uint8_t *p = out + i;
        _mm512_storeu_si512(p, _mm512_xor_si512(_mm512_loadu_si512(s), c0));
        _mm512_storeu_si512(p + 64, _mm512_xor_si512(_mm512_loadu_si512(s + 64), c1));
        _mm512_storeu_si512(p + 128, _mm512_xor_si512(_mm512_loadu_si512(s + 128), c2));
        _mm512_storeu_si512(p + 192, _mm512_xor_si512(_mm512_loadu_si512(s + 192), c3));
    }
    _mm_storeu_si128((__m128i *)counter, _mm512_castsi512_si128(ctr));
    gs_wipe(keys, sizeof keys);
    if (i < len) {
        gs_ctr(k, counter, in + i, out + i, len - i);
    }
}

/* The 128-bit lanes of x XORed together. */
static inline __m128i fold_lanes(__m512i x) {
    __m256i y = _mm256_xor_si256(_mm512_castsi512_si256(x), _mm512_extracti64x4_epi64(x, 1));
    return _mm_xor_si128(_mm256_castsi256_si128(y), _mm256_extracti128_si256(y, 1));
}

void gs_polyval_wide(const gs_powers *p, uint8_t state[16], const uint8_t *in, size_t blocks) {
    /* Blocks 1..4 of a group meet H^8..H^5, blocks 5..8 meet H^4..H^1 (pow[i] is H^(i+1)). */
    uint8_t order[128];
    for (int j = 0; j < 8; j++) {
        memcpy(order + 16 * j, p->pow + 16 * (7 - j), 16);
    }
    const __m512i high = _mm512_loadu_si512(order), low = _mm512_loadu_si512(order + 64);
    gs_wipe(order, sizeof order);
    const __m128i fold = _mm_set_epi64x(0, (long long)0xc200000000000000ULL);
    __m128i s = _mm_loadu_si128((const __m128i *)state);
    size_t i = 0;
    for (; i + 8 <= blocks; i += 8) {
        __m512i a = _mm512_xor_si512(_mm512_loadu_si512(in + 16 * i), _mm512_inserti32x4(_mm512_setzero_si512(), s, 0));
        __m512i b = _mm512_loadu_si512(in + 16 * i + 64);
        __m512i lo = _mm512_xor_si512(_mm512_clmulepi64_epi128(a, high, 0x00), _mm512_clmulepi64_epi128(b, low, 0x00));
        __m512i hi = _mm512_xor_si512(_mm512_clmulepi64_epi128(a, high, 0x11), _mm512_clmulepi64_epi128(b, low, 0x11));
        __m512i mid = _mm512_xor_si512(
            _mm512_xor_si512(_mm512_clmulepi64_epi128(a, high, 0x01), _mm512_clmulepi64_epi128(a, high, 0x10)),
            _mm512_xor_si512(_mm512_clmulepi64_epi128(b, low, 0x01), _mm512_clmulepi64_epi128(b, low, 0x10)));
        __m128i l = fold_lanes(lo), h = fold_lanes(hi), m = fold_lanes(mid);
        /* The same two folds as gcmsiv_aesni.c's reduce(). */
        __m128i t0 = _mm_xor_si128(l, _mm_slli_si128(m, 8));
        __m128i t1 = _mm_xor_si128(h, _mm_srli_si128(m, 8));
        __m128i w = _mm_xor_si128(_mm_shuffle_epi32(t0, 0x4e), _mm_clmulepi64_si128(t0, fold, 0x00));
        __m128i r = _mm_xor_si128(_mm_shuffle_epi32(w, 0x4e), _mm_clmulepi64_si128(w, fold, 0x00));
        s = _mm_xor_si128(t1, r);
    }
    _mm_storeu_si128((__m128i *)state, s);
    if (i < blocks) {
        gs_polyval(p, state, in + 16 * i, blocks - i);
    }
}

/* Argon2's compression G with AVX2 (built with -mavx2; argon2_native.c calls it only when the
 * CPU has it): each BLAKE2b-style round runs its four quarter-rounds in the four 64-bit lanes
 * of a register, rotating three rows of the 4x4 state between the column and diagonal steps.
 * The scalar G in argon2_native.c is the reference it is tested against. */
#include <immintrin.h>

#include "argon2_kernel.h"

/* a + b + 2 * lo32(a) * lo32(b) in each lane. */
static inline __m256i blamka(__m256i a, __m256i b) {
    __m256i p = _mm256_mul_epu32(a, b);
    return _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(p, p));
}

static inline __m256i rotr32(__m256i x) {
    return _mm256_shuffle_epi32(x, _MM_SHUFFLE(2, 3, 0, 1));
}

static inline __m256i rotr24(__m256i x) {
    const __m256i m = _mm256_setr_epi8(3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10,
                                       3, 4, 5, 6, 7, 0, 1, 2, 11, 12, 13, 14, 15, 8, 9, 10);
    return _mm256_shuffle_epi8(x, m);
}

static inline __m256i rotr16(__m256i x) {
    const __m256i m = _mm256_setr_epi8(2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9,
                                       2, 3, 4, 5, 6, 7, 0, 1, 10, 11, 12, 13, 14, 15, 8, 9);
    return _mm256_shuffle_epi8(x, m);
}

static inline __m256i rotr63(__m256i x) {
    return _mm256_xor_si256(_mm256_srli_epi64(x, 63), _mm256_add_epi64(x, x));
}

#define G4(a, b, c, d)                          \
    do {                                        \
        a = blamka(a, b);                       \
        d = rotr32(_mm256_xor_si256(d, a));     \
        c = blamka(c, d);                       \
        b = rotr24(_mm256_xor_si256(b, c));     \
        a = blamka(a, b);                       \
        d = rotr16(_mm256_xor_si256(d, a));     \
        c = blamka(c, d);                       \
        b = rotr63(_mm256_xor_si256(b, c));     \
    } while (0)

/* One round on rows a = (v0..v3), b = (v4..v7), c = (v8..v11), d = (v12..v15): columns, then
 * diagonals by turning b, c and d one, two and three lanes left, and back. */
static inline void round4(__m256i *a, __m256i *b, __m256i *c, __m256i *d) {
    G4(*a, *b, *c, *d);
    *b = _mm256_permute4x64_epi64(*b, _MM_SHUFFLE(0, 3, 2, 1));
    *c = _mm256_permute4x64_epi64(*c, _MM_SHUFFLE(1, 0, 3, 2));
    *d = _mm256_permute4x64_epi64(*d, _MM_SHUFFLE(2, 1, 0, 3));
    G4(*a, *b, *c, *d);
    *b = _mm256_permute4x64_epi64(*b, _MM_SHUFFLE(2, 1, 0, 3));
    *c = _mm256_permute4x64_epi64(*c, _MM_SHUFFLE(1, 0, 3, 2));
    *d = _mm256_permute4x64_epi64(*d, _MM_SHUFFLE(0, 3, 2, 1));
}

/* Words w and w+16 as one register (two pairs), and back. */
static inline __m256i load_pairs(const uint64_t *w) {
    return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_load_si128((const __m128i *)w)),
                                   _mm_load_si128((const __m128i *)(w + 16)), 1);
}

static inline void store_pairs(uint64_t *w, __m256i v) {
    _mm_store_si128((__m128i *)w, _mm256_castsi256_si128(v));
    _mm_store_si128((__m128i *)(w + 16), _mm256_extracti128_si256(v, 1));
}

void argon2_fill_block_avx2(const uint64_t *x, const uint64_t *y, uint64_t *dst, uint64_t *scratch, int with_xor) {
    __m256i *r = (__m256i *)scratch;
    __m256i *keep = (__m256i *)(scratch + ARGON2_WORDS);
    for (int i = 0; i < 32; i++) {
        __m256i v = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(x + 4 * i)),
                                     _mm256_loadu_si256((const __m256i *)(y + 4 * i)));
        r[i] = v;
        keep[i] = with_xor ? _mm256_xor_si256(v, _mm256_loadu_si256((const __m256i *)(dst + 4 * i))) : v;
    }
    for (int row = 0; row < 8; row++) { /* words 16 row .. 16 row + 15 */
        __m256i a = r[4 * row], b = r[4 * row + 1], c = r[4 * row + 2], d = r[4 * row + 3];
        round4(&a, &b, &c, &d);
        r[4 * row] = a;
        r[4 * row + 1] = b;
        r[4 * row + 2] = c;
        r[4 * row + 3] = d;
    }
    uint64_t *w = scratch;
    for (int col = 0; col < 8; col++) { /* word pairs 2 col + 16 k */
        uint64_t *base = w + 2 * col;
        __m256i a = load_pairs(base), b = load_pairs(base + 32), c = load_pairs(base + 64), d = load_pairs(base + 96);
        round4(&a, &b, &c, &d);
        store_pairs(base, a);
        store_pairs(base + 32, b);
        store_pairs(base + 64, c);
        store_pairs(base + 96, d);
    }
    for (int i = 0; i < 32; i++) {
        _mm256_storeu_si256((__m256i *)(dst + 4 * i), _mm256_xor_si256(r[i], keep[i]));
    }
}

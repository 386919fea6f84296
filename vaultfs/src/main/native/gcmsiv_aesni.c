/* AES-256 and POLYVAL with AES-NI and PCLMULQDQ for gcmsiv_native.c. Compiled with
 * -maes -mpclmul -msse4.1: only called once init0 found the CPU has them. */
#include <string.h>
#include <wmmintrin.h>
#include <smmintrin.h>

#include "gcmsiv_kernel.h"

/* Called through a volatile pointer so the compiler cannot drop it as a dead store. */
static void *(*const volatile wipe_with)(void *, int, size_t) = memset;

void gs_wipe(void *p, size_t n) {
    wipe_with(p, 0, n);
}

#define wipe gs_wipe

/* ---- AES-256 ---- */

typedef struct {
    __m128i rk[15];
} aes256_key;
_Static_assert(sizeof(aes256_key) <= sizeof(gs_aes_key), "gs_aes_key too small");

/* One round key from the previous one of the same parity and a word of the other, which the
 * caller has broadcast from AESKEYGENASSIST: RotWord(SubWord) ^ rcon (word 3) for even keys,
 * SubWord alone (word 2) for odd ones. */
static __m128i expand(__m128i prev, __m128i word) {
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
    prev = _mm_xor_si128(prev, _mm_slli_si128(prev, 4));
    return _mm_xor_si128(prev, word);
}

/* FIPS-197 key expansion; the round constant must be an immediate, hence the unrolling. */
static void aes256_expand(aes256_key *k, const uint8_t key[32]) {
    __m128i a = _mm_loadu_si128((const __m128i *)key);
    __m128i b = _mm_loadu_si128((const __m128i *)(key + 16));
    k->rk[0] = a;
    k->rk[1] = b;
#define STEP(i, rcon)                                                   \
    a = expand(a, _mm_shuffle_epi32(_mm_aeskeygenassist_si128(b, rcon), 0xff)); \
    k->rk[i] = a;                                                       \
    if (i + 1 < 15) {                                                   \
        b = expand(b, _mm_shuffle_epi32(_mm_aeskeygenassist_si128(a, 0), 0xaa)); \
        k->rk[i + 1] = b;                                               \
    }
    STEP(2, 0x01)
    STEP(4, 0x02)
    STEP(6, 0x04)
    STEP(8, 0x08)
    STEP(10, 0x10)
    STEP(12, 0x20)
    STEP(14, 0x40)
#undef STEP
    a = _mm_setzero_si128();
    b = _mm_setzero_si128();
}

static __m128i aes256_block(const aes256_key *k, __m128i x) {
    x = _mm_xor_si128(x, k->rk[0]);
    for (int r = 1; r < 14; r++) {
        x = _mm_aesenc_si128(x, k->rk[r]);
    }
    return _mm_aesenclast_si128(x, k->rk[14]);
}

/* Eight counter blocks at once: the AES units are pipelined, one block would leave them idle. */
static void aes256_ctr8(const aes256_key *k, __m128i ctr, __m128i *ks) {
    const __m128i one = _mm_set_epi32(0, 0, 0, 1);
    for (int j = 0; j < 8; j++) {
        ks[j] = _mm_xor_si128(ctr, k->rk[0]);
        ctr = _mm_add_epi32(ctr, one);
    }
    for (int r = 1; r < 14; r++) {
        __m128i rk = k->rk[r];
        for (int j = 0; j < 8; j++) {
            ks[j] = _mm_aesenc_si128(ks[j], rk);
        }
    }
    for (int j = 0; j < 8; j++) {
        ks[j] = _mm_aesenclast_si128(ks[j], k->rk[14]);
    }
}

/* XORs the keystream from *ctr into buf in place, advancing *ctr by one per 16 bytes. The
 * counter is the block's first 32 bits, little-endian, modulo 2^32 (RFC 8452 section 4):
 * exactly what adding 1 to the lowest 32-bit lane does. */
static void ctr_xor(const aes256_key *k, __m128i *ctr, const uint8_t *in, uint8_t *out, size_t len) {
    const __m128i one = _mm_set_epi32(0, 0, 0, 1);
    const __m128i eight = _mm_set_epi32(0, 0, 0, 8);
    __m128i ks[8];
    size_t i = 0;
    for (; i + 128 <= len; i += 128) {
        aes256_ctr8(k, *ctr, ks);
        *ctr = _mm_add_epi32(*ctr, eight);
        for (int j = 0; j < 8; j++) {
            __m128i d = _mm_loadu_si128((const __m128i *)(in + i + 16 * j));
            _mm_storeu_si128((__m128i *)(out + i + 16 * j), _mm_xor_si128(d, ks[j]));
        }
    }
    for (; i < len; i += 16) {
        __m128i s = aes256_block(k, *ctr);
        *ctr = _mm_add_epi32(*ctr, one);
        uint8_t block[16];
        _mm_storeu_si128((__m128i *)block, s);
        size_t n = len - i < 16 ? len - i : 16;
        for (size_t b = 0; b < n; b++) {
            out[i + b] = in[i + b] ^ block[b];
        }
        wipe(block, sizeof block);
    }
    wipe(ks, sizeof ks);
}

/* ---- POLYVAL ---- */

/* The field is x^128 + x^127 + x^126 + x^121 + 1 with bit i of the little-endian value the
 * coefficient of x^i, so carry-less products need no bit reversal. dot(a, b) = a*b*x^-128.
 * Multiplying the low 64 bits L of a value by x^-64 is, modulo the field polynomial,
 * L*(x^63 + x^62 + x^57) + L*x^64: two such folds take the low half of a 256-bit product
 * down by x^-128, and the high half is already in place. */
static const uint64_t FOLD = 0xc200000000000000ULL;

typedef struct {
    __m128i lo, mid, hi;
} wide_product;

static void product_add(wide_product *acc, __m128i a, __m128i b) {
    acc->lo = _mm_xor_si128(acc->lo, _mm_clmulepi64_si128(a, b, 0x00));
    acc->hi = _mm_xor_si128(acc->hi, _mm_clmulepi64_si128(a, b, 0x11));
    acc->mid = _mm_xor_si128(acc->mid, _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01),
                                                     _mm_clmulepi64_si128(a, b, 0x10)));
}

static __m128i reduce(const wide_product *p) {
    const __m128i fold = _mm_set_epi64x(0, (long long)FOLD);
    __m128i t0 = _mm_xor_si128(p->lo, _mm_slli_si128(p->mid, 8));
    __m128i t1 = _mm_xor_si128(p->hi, _mm_srli_si128(p->mid, 8));
    __m128i w = _mm_xor_si128(_mm_shuffle_epi32(t0, 0x4e), _mm_clmulepi64_si128(t0, fold, 0x00));
    __m128i r = _mm_xor_si128(_mm_shuffle_epi32(w, 0x4e), _mm_clmulepi64_si128(w, fold, 0x00));
    return _mm_xor_si128(t1, r);
}

static __m128i dot(__m128i a, __m128i b) {
    wide_product p = {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
    product_add(&p, a, b);
    return reduce(&p);
}

/* Eight blocks per reduction: S' = (S + X1)H^8 + X2 H^7 + ... + X8 H, the powers being dot
 * powers, summed unreduced and reduced once. */
static __m128i polyval_blocks(const __m128i pow[8], __m128i s, const uint8_t *in, size_t blocks) {
    size_t i = 0;
    for (; i + 8 <= blocks; i += 8) {
        wide_product p = {_mm_setzero_si128(), _mm_setzero_si128(), _mm_setzero_si128()};
        __m128i x = _mm_xor_si128(s, _mm_loadu_si128((const __m128i *)(in + 16 * i)));
        product_add(&p, x, pow[7]);
        for (int j = 1; j < 8; j++) {
            product_add(&p, _mm_loadu_si128((const __m128i *)(in + 16 * (i + j))), pow[7 - j]);
        }
        s = reduce(&p);
    }
    for (; i < blocks; i++) {
        s = dot(_mm_xor_si128(s, _mm_loadu_si128((const __m128i *)(in + 16 * i))), pow[0]);
    }
    return s;
}

/* ---- entry points (gcmsiv_kernel.h) ---- */

void gs_expand(gs_aes_key *k, const uint8_t key[32]) {
    aes256_expand((aes256_key *)k, key);
}

void gs_encrypt_block(const gs_aes_key *k, const uint8_t in[16], uint8_t out[16]) {
    _mm_storeu_si128((__m128i *)out, aes256_block((const aes256_key *)k, _mm_loadu_si128((const __m128i *)in)));
}

void gs_ctr(const gs_aes_key *k, uint8_t counter[16], const uint8_t *in, uint8_t *out, size_t len) {
    __m128i ctr = _mm_loadu_si128((const __m128i *)counter);
    ctr_xor((const aes256_key *)k, &ctr, in, out, len);
    _mm_storeu_si128((__m128i *)counter, ctr);
}

void gs_powers_init(gs_powers *p, const uint8_t h[16]) {
    __m128i *pow = (__m128i *)p->pow;
    pow[0] = _mm_loadu_si128((const __m128i *)h);
    for (int i = 1; i < 8; i++) {
        pow[i] = dot(pow[i - 1], pow[0]);
    }
}

void gs_polyval(const gs_powers *p, uint8_t state[16], const uint8_t *in, size_t blocks) {
    __m128i s = _mm_loadu_si128((const __m128i *)state);
    s = polyval_blocks((const __m128i *)p->pow, s, in, blocks);
    _mm_storeu_si128((__m128i *)state, s);
}

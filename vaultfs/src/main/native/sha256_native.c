/* SHA-256 (FIPS 180-4) with the x86 SHA extensions, for org.vaultfs.crypt.NativeSha256: one
 * digest of an array range, for the digests taken of whole stored manifests while a vault
 * opens, and a running digest whose state lives in a Java int[8], for the whole-file binding
 * of a parity sidecar. The JDK's SHA-256 reaches these instructions only once C2 has compiled
 * it; a mount hashes its manifest before that, at tens of MB/s, and a short `correct` command
 * spends its first hundred MB there. Built with -msha -mssse3 -msse4.1; init0 says whether the
 * CPU has them, and without them the JDK's digest runs. */
#include <immintrin.h>
#include <jni.h>
#include <stdint.h>
#include <string.h>

/* Whole blocks are hashed in place, a slice at a time under JNI critical access. */
#define SLICE 65536

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The state as the SHA instructions want it: ABEF and CDGH. */
typedef struct {
    __m128i abef, cdgh;
} sha_state;

static void state_init(sha_state *s) {
    static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    __m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&H0[0]), 0xB1); /* CDAB */
    __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&H0[4]), 0x1B); /* EFGH */
    s->abef = _mm_alignr_epi8(dcba, efgh, 8);
    s->cdgh = _mm_blend_epi16(efgh, dcba, 0xF0);
}

static void blocks(sha_state *s, const uint8_t *p, size_t n) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i s0 = s->abef, s1 = s->cdgh;
    for (; n > 0; n--, p += 64) {
        __m128i save0 = s0, save1 = s1;
        __m128i w[4];
        for (int i = 0; i < 16; i++) {
            __m128i m;
            if (i < 4) {
                m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
            } else {
                /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four words at a time:
                 * w[i&3] holds words t-16.., w[(i+1)&3] t-12.., w[(i+2)&3] t-8.., w[(i+3)&3] t-4.. */
                __m128i t = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                m = _mm_sha256msg2_epu32(t, w[(i + 3) & 3]);
            }
            w[i & 3] = m;
            __m128i k = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&K[4 * i]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, k);
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
        }
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
    }
    s->abef = s0;
    s->cdgh = s1;
}

static void state_out(const sha_state *s, uint8_t out[32]) {
    __m128i feba = _mm_shuffle_epi32(s->abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(s->cdgh, 0xB1);
    __m128i dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    __m128i hgfe = _mm_alignr_epi8(dchg, feba, 8);
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    _mm_storeu_si128((__m128i *)out, _mm_shuffle_epi8(dcba, swap));
    _mm_storeu_si128((__m128i *)(out + 16), _mm_shuffle_epi8(hgfe, swap));
}

JNIEXPORT jboolean JNICALL Java_org_vaultfs_crypt_NativeSha256_init0(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("sse4.1");
}

/* Folds the whole blocks in[off, off+len) (len a multiple of 64) into s, a slice at a time;
 * 0 when the array could not be reached (OutOfMemoryError is then pending). */
static int array_blocks(JNIEnv *env, sha_state *s, jbyteArray in, jint off, jint len) {
    for (jint done = 0; done < len;) {
        jint n = len - done < SLICE ? len - done : SLICE;
        const uint8_t *a = (*env)->GetPrimitiveArrayCritical(env, in, NULL);
        if (a == NULL) {
            return 0;
        }
        blocks(s, a + off + done, (size_t)n / 64);
        (*env)->ReleasePrimitiveArrayCritical(env, in, (void *)a, JNI_ABORT);
        done += n;
    }
    return 1;
}

/* SHA-256 of in[off, off+len) into out[0, 32); the caller checked the bounds. */
JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeSha256_digest0(JNIEnv *env, jclass cls, jbyteArray in, jint off,
                                                                   jint len, jbyteArray out) {
    (void)cls;
    sha_state s;
    state_init(&s);
    jint whole = len & ~63;
    if (!array_blocks(env, &s, in, off, whole)) {
        return;
    }
    /* The rest, 0x80, zeros and the bit length in one or two blocks. */
    uint8_t last[128];
    memset(last, 0, sizeof last);
    jint rest = len - whole;
    (*env)->GetByteArrayRegion(env, in, off + whole, rest, (jbyte *)last);
    last[rest] = 0x80;
    size_t tail = rest < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) {
        last[tail - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    blocks(&s, last, tail / 64);
    uint8_t digest[32];
    state_out(&s, digest);
    (*env)->SetByteArrayRegion(env, out, 0, 32, (const jbyte *)digest);
}

/* The running state, kept in Java as ABEF then CDGH: opaque there, and never converted. */
static void state_load(JNIEnv *env, jintArray st, sha_state *s) {
    jint v[8];
    (*env)->GetIntArrayRegion(env, st, 0, 8, v);
    s->abef = _mm_loadu_si128((const __m128i *)&v[0]);
    s->cdgh = _mm_loadu_si128((const __m128i *)&v[4]);
}

static void state_store(JNIEnv *env, jintArray st, const sha_state *s) {
    jint v[8];
    _mm_storeu_si128((__m128i *)&v[0], s->abef);
    _mm_storeu_si128((__m128i *)&v[4], s->cdgh);
    (*env)->SetIntArrayRegion(env, st, 0, 8, v);
}

JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeSha256_start0(JNIEnv *env, jclass cls, jintArray st) {
    (void)cls;
    sha_state s;
    state_init(&s);
    state_store(env, st, &s);
}

/* Folds in[off, off + 64 * count) into the state; the caller checked the bounds. */
JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeSha256_blocks0(JNIEnv *env, jclass cls, jintArray st, jbyteArray in,
                                                                   jint off, jint count) {
    (void)cls;
    sha_state s;
    state_load(env, st, &s);
    if (array_blocks(env, &s, in, off, count * 64)) {
        state_store(env, st, &s);
    }
}

JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeSha256_out0(JNIEnv *env, jclass cls, jintArray st, jbyteArray out) {
    (void)cls;
    sha_state s;
    state_load(env, st, &s);
    uint8_t digest[32];
    state_out(&s, digest);
    (*env)->SetByteArrayRegion(env, out, 0, 32, (const jbyte *)digest);
}

/* One-shot BLAKE3 (plain and keyed, 32-byte output) for NativeBlake3: whole non-final
 * chunks, and the parents within each aligned subtree of 64 of them, go through the 16-lane
 * kernels when the CPU has AVX-512F; everything else (the final chunk, the parents above
 * those subtrees, the root) through the portable compression function below. */
#include <jni.h>
#include <stdlib.h>
#include <string.h>

#include "blake3_kernel.h"

const uint32_t b3_iv[8] = {0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
                           0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u};

/* Message word order of each round: the permutation 2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8
 * applied round-1 times. */
const uint8_t b3_schedule[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

static inline uint32_t load32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void store32(uint8_t *p, uint32_t w) {
    p[0] = (uint8_t)w;
    p[1] = (uint8_t)(w >> 8);
    p[2] = (uint8_t)(w >> 16);
    p[3] = (uint8_t)(w >> 24);
}

static inline uint32_t ror32(uint32_t x, int n) {
    return (x >> n) | (x << (32 - n));
}

#define G(a, b, c, d, x, y)            \
    do {                               \
        a = a + b + (x);               \
        d = ror32(d ^ a, 16);          \
        c = c + d;                     \
        b = ror32(b ^ c, 12);          \
        a = a + b + (y);               \
        d = ror32(d ^ a, 8);           \
        c = c + d;                     \
        b = ror32(b ^ c, 7);           \
    } while (0)

void b3_compress(const uint32_t cv[8], const uint8_t block[64], uint64_t counter, uint32_t block_len,
                 uint32_t flags, uint32_t out[16]) {
    uint32_t m[16], v[16];
    for (int i = 0; i < 16; i++) {
        m[i] = load32(block + 4 * i);
    }
    for (int i = 0; i < 8; i++) {
        v[i] = cv[i];
    }
    v[8] = b3_iv[0];
    v[9] = b3_iv[1];
    v[10] = b3_iv[2];
    v[11] = b3_iv[3];
    v[12] = (uint32_t)counter;
    v[13] = (uint32_t)(counter >> 32);
    v[14] = block_len;
    v[15] = flags;
    for (int r = 0; r < 7; r++) {
        const uint8_t *s = b3_schedule[r];
        G(v[0], v[4], v[8], v[12], m[s[0]], m[s[1]]);
        G(v[1], v[5], v[9], v[13], m[s[2]], m[s[3]]);
        G(v[2], v[6], v[10], v[14], m[s[4]], m[s[5]]);
        G(v[3], v[7], v[11], v[15], m[s[6]], m[s[7]]);
        G(v[0], v[5], v[10], v[15], m[s[8]], m[s[9]]);
        G(v[1], v[6], v[11], v[12], m[s[10]], m[s[11]]);
        G(v[2], v[7], v[8], v[13], m[s[12]], m[s[13]]);
        G(v[3], v[4], v[9], v[14], m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) {
        out[i] = v[i] ^ v[i + 8];
        out[i + 8] = v[i + 8] ^ cv[i];
    }
}

/* What the last compression of a node needs: the root flag is added only once the node is
 * known to be the root. */
typedef struct {
    uint32_t cv[8];
    uint8_t block[64];
    uint32_t block_len;
    uint64_t counter;
    uint32_t flags;
} b3_output;

static void output_cv(const b3_output *o, uint8_t cv_bytes[32]) {
    uint32_t w[16];
    b3_compress(o->cv, o->block, o->counter, o->block_len, o->flags, w);
    for (int i = 0; i < 8; i++) {
        store32(cv_bytes + 4 * i, w[i]);
    }
}

/* Runs a chunk of 1..1024 bytes (0 only for empty input) up to its last block. */
static void chunk_output(const uint32_t key[8], uint32_t flags, const uint8_t *in, size_t len, uint64_t counter,
                         b3_output *o) {
    uint32_t cv[16];
    memcpy(cv, key, 32);
    uint32_t start = B3_CHUNK_START;
    while (len > B3_BLOCK_LEN) {
        b3_compress(cv, in, counter, B3_BLOCK_LEN, flags | start, cv);
        start = 0;
        in += B3_BLOCK_LEN;
        len -= B3_BLOCK_LEN;
    }
    memcpy(o->cv, cv, 32);
    memset(o->block, 0, sizeof o->block);
    memcpy(o->block, in, len);
    o->block_len = (uint32_t)len;
    o->counter = counter;
    o->flags = flags | start | B3_CHUNK_END;
}

static void parent_output(const uint32_t key[8], uint32_t flags, const uint8_t left_right[64], b3_output *o) {
    memcpy(o->cv, key, 32);
    memcpy(o->block, left_right, 64);
    o->block_len = B3_BLOCK_LEN;
    o->counter = 0;
    o->flags = flags | B3_PARENT;
}

/* Chaining values of left siblings still waiting for their right sibling: a chunk count
 * with k trailing zero bits completes k subtrees. 2^54 chunks exceed 2^64 bytes. */
typedef struct {
    uint8_t cvs[55][32];
    int len;
    uint64_t chunks;
} b3_stack;

/* A complete subtree of 2^log2 chunks (one chunk: log2 = 0) whose first chunk number is a
 * multiple of its size; merges every subtree it completes. */
static void push_subtree_cv(b3_stack *st, const uint32_t key[8], uint32_t flags, const uint8_t cv[32], int log2) {
    memcpy(st->cvs[st->len++], cv, 32);
    st->chunks += (uint64_t)1 << log2;
    uint64_t total = st->chunks >> log2;
    while ((total & 1) == 0) {
        b3_output o;
        parent_output(key, flags, st->cvs[st->len - 2], &o);
        output_cv(&o, st->cvs[st->len - 2]);
        st->len--;
        total >>= 1;
    }
}

static void push_chunk_cv(b3_stack *st, const uint32_t key[8], uint32_t flags, const uint8_t cv[32]) {
    push_subtree_cv(st, key, flags, cv, 0);
}

static int use_avx512;

#define SUBTREE_CHUNKS 64
#define SUBTREE_LOG2 6

/* The root chaining value (not the root output) of the complete subtree of SUBTREE_CHUNKS
 * whole chunks at in, numbered from first: the chunks and the upper levels of parents 16
 * at a time, where one at a time the parents cost two thirds as much as the chunks. */
static void subtree_cv(const uint32_t key[8], uint32_t flags, const uint8_t *in, uint64_t first, uint8_t cv[32]) {
    /* A level of fewer than 32 reads 16 pairs, past its own: stale values of the level
     * below, still within the buffer, whose parents are computed and not used. */
    uint8_t cvs[SUBTREE_CHUNKS * 32];
    for (int i = 0; i < SUBTREE_CHUNKS; i += 16) {
        b3_hash16_avx512(in + (size_t)i * B3_CHUNK_LEN, key, first + (uint64_t)i, flags, cvs + 32 * i);
    }
    int count = SUBTREE_CHUNKS;
    for (; count > 4; count /= 2) {
        /* Pair p of this level is cvs[64p, 64p+64); its parent goes to cvs[32p, 32p+32),
         * which only pairs already read occupy. */
        uint8_t parents[16 * 32];
        for (int p = 0; p < count / 2; p += 16) {
            b3_parents16_avx512(cvs + 64 * p, key, flags, parents);
            int n = count / 2 - p < 16 ? count / 2 - p : 16;
            memcpy(cvs + 32 * p, parents, (size_t)n * 32);
        }
    }
    for (; count > 1; count /= 2) {
        for (int p = 0; p < count / 2; p++) {
            b3_output o;
            parent_output(key, flags, cvs + 64 * p, &o);
            output_cv(&o, cvs + 32 * p);
        }
    }
    memcpy(cv, cvs, 32);
}

/* Hashes n whole chunks that are certainly not the last of the input, numbered from first. */
static void absorb_chunks(b3_stack *st, const uint32_t key[8], uint32_t flags, const uint8_t *in, size_t n,
                          uint64_t first, int wide) {
    size_t i = 0;
    if (wide && use_avx512) {
        if (n == SUBTREE_CHUNKS && first % SUBTREE_CHUNKS == 0) {
            uint8_t cv[32];
            subtree_cv(key, flags, in, first, cv);
            push_subtree_cv(st, key, flags, cv, SUBTREE_LOG2);
            return;
        }
        uint8_t cvs[16 * 32];
        /* The lanes past n read the rest of the caller's slice of SUBTREE_CHUNKS chunks
         * (i is a multiple of 16 below it): their chaining values are computed, not used.
         * From two chunks on, the lanes are cheaper than the chunks one at a time. */
        for (; i + 2 <= n; i += 16) {
            b3_hash16_avx512(in + i * B3_CHUNK_LEN, key, first + i, flags, cvs);
            size_t used = n - i < 16 ? n - i : 16;
            for (size_t l = 0; l < used; l++) {
                push_chunk_cv(st, key, flags, cvs + 32 * l);
            }
        }
        if (i > n) {
            i = n;
        }
    }
    for (; i < n; i++) {
        b3_output o;
        uint8_t cv[32];
        chunk_output(key, flags, in + i * B3_CHUNK_LEN, B3_CHUNK_LEN, first + i, &o);
        output_cv(&o, cv);
        push_chunk_cv(st, key, flags, cv);
    }
}

/* Closes the tree with the last chunk (0..1024 bytes) and writes the 32-byte root. */
static void finish_root(b3_stack *st, const uint32_t key[8], uint32_t flags, const uint8_t *last, size_t len,
                        uint64_t index, uint8_t out[32]) {
    b3_output o;
    chunk_output(key, flags, last, len, index, &o);
    while (st->len > 0) {
        uint8_t pair[64];
        memcpy(pair, st->cvs[--st->len], 32);
        output_cv(&o, pair + 32);
        parent_output(key, flags, pair, &o);
    }
    uint32_t w[16];
    b3_compress(o.cv, o.block, o.counter, o.block_len, o.flags | B3_ROOT, w);
    for (int k = 0; k < 8; k++) {
        store32(out + 4 * k, w[k]);
    }
}

JNIEXPORT jint JNICALL Java_org_vaultfs_crypt_NativeBlake3_lanes0(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    __builtin_cpu_init();
    use_avx512 = __builtin_cpu_supports("avx512f");
    return use_avx512 ? 16 : 1;
}

/* The caller's array is pinned (the JNI "critical" access) one slice of SLICE_CHUNKS chunks
 * at a time, about 15 us of hashing, and released between slices: pinned for a whole hash it
 * held off the parallel collector for as long, which promoted short-lived buffers early and
 * grew the heap by a third. A slice whose lanes would read past its last chunk (see
 * absorb_chunks), a slice the JVM cannot pin, and the final chunk are copied instead. */
#define SLICE_CHUNKS SUBTREE_CHUNKS

JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeBlake3_hash0(JNIEnv *env, jclass cls, jintArray keyWords,
                                                                  jint flags, jbyteArray data, jint off, jint len,
                                                                  jbyteArray out, jint outOff, jboolean wide) {
    (void)cls;
    uint32_t key[8];
    uint8_t digest[32];
    uint8_t slice[SLICE_CHUNKS * B3_CHUNK_LEN];
    b3_stack st;
    st.len = 0;
    st.chunks = 0;
    (*env)->GetIntArrayRegion(env, keyWords, 0, 8, (jint *)key);
    size_t total = (size_t)len;
    size_t last = total == 0 ? 0 : (total - 1) / B3_CHUNK_LEN; /* every chunk before it is whole */
    for (size_t i = 0; i < last;) {
        size_t n = last - i < SLICE_CHUNKS ? last - i : SLICE_CHUNKS;
        /* The lanes of a short batch of two or more chunks read on to the next 16 chunks. */
        int overreads = n % 16 >= 2;
        uint8_t *pinned = overreads ? NULL : (*env)->GetPrimitiveArrayCritical(env, data, NULL);
        if (pinned != NULL) {
            absorb_chunks(&st, key, (uint32_t)flags, pinned + off + i * B3_CHUNK_LEN, n, i, wide);
            (*env)->ReleasePrimitiveArrayCritical(env, data, pinned, JNI_ABORT);
        } else {
            (*env)->ExceptionClear(env); /* a failed pin leaves an OutOfMemoryError pending */
            (*env)->GetByteArrayRegion(env, data, off + (jint)(i * B3_CHUNK_LEN), (jint)(n * B3_CHUNK_LEN),
                                       (jbyte *)slice);
            if (overreads) {
                size_t padded = (n + 15) / 16 * 16;
                memset(slice + n * B3_CHUNK_LEN, 0, (padded - n) * B3_CHUNK_LEN);
            }
            absorb_chunks(&st, key, (uint32_t)flags, slice, n, i, wide);
        }
        i += n;
    }
    size_t tail = total - last * B3_CHUNK_LEN;
    (*env)->GetByteArrayRegion(env, data, off + (jint)(last * B3_CHUNK_LEN), (jint)tail, (jbyte *)slice);
    finish_root(&st, key, (uint32_t)flags, slice, tail, last, digest);
    (*env)->SetByteArrayRegion(env, out, outOff, 32, (const jbyte *)digest);
}

/* AES-256-GCM-SIV's building blocks (RFC 8452) for org.vaultfs.crypt.NativeGcmSiv: the
 * per-nonce key derivation, the 32-bit little-endian counter mode, POLYVAL and the single
 * block that encrypts the tag. The Java class AesGcmSiv composes them, so the message layout
 * and the checkpoints of partial reads stay defined in one place. Every key schedule and
 * power of H is wiped before a function returns. */
#include <jni.h>
#include <string.h>

#include "gcmsiv_kernel.h"

/* The caller's arrays are used in place, a slice at a time: each slice is a JNI "critical"
 * access of a few microseconds (64 KiB at 4+ GB/s), short enough not to hold off the garbage
 * collector the way pinning a whole message would (see blake3_native.c). Copying the slices
 * in and out instead cost as much as the cipher itself: in a mount's read of a raw chunk the
 * memmove of those copies took 7 % of the samples beside the kernels' 8 %. No critical
 * section calls back into the JVM or blocks. */
#define SLICE 65536

/* Whether the CPU has what gcmsiv_vaes.c needs, set by init0. */
static int cpu_wide;

/* 0: no AES-NI/PCLMULQDQ (the Java code runs); 1: the 128-bit kernels; 2: also the 512-bit ones. */
JNIEXPORT jint JNICALL Java_org_vaultfs_crypt_NativeGcmSiv_init0(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    __builtin_cpu_init();
    if (!(__builtin_cpu_supports("aes") && __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1"))) {
        return 0;
    }
    cpu_wide = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("vaes") &&
               __builtin_cpu_supports("vpclmulqdq");
    return cpu_wide ? 2 : 1;
}

/* RFC 8452 section 4: AES(kgk, LE32(i) || nonce) for i = 0..5, first 8 bytes of each kept:
 * blocks 0-1 make the POLYVAL key, 2-5 the message key. */
JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeGcmSiv_deriveKeys0(JNIEnv *env, jclass cls, jbyteArray kgk,
                                                                        jbyteArray nonce, jbyteArray authKey,
                                                                        jbyteArray encKey) {
    (void)cls;
    uint8_t key[32], block[16], out[16], derived[48];
    gs_aes_key k;
    (*env)->GetByteArrayRegion(env, kgk, 0, 32, (jbyte *)key);
    memset(block, 0, 4);
    (*env)->GetByteArrayRegion(env, nonce, 0, 12, (jbyte *)(block + 4));
    gs_expand(&k, key);
    for (int i = 0; i < 6; i++) {
        block[0] = (uint8_t)i;
        gs_encrypt_block(&k, block, out);
        memcpy(derived + 8 * i, out, 8);
    }
    (*env)->SetByteArrayRegion(env, authKey, 0, 16, (const jbyte *)derived);
    (*env)->SetByteArrayRegion(env, encKey, 0, 32, (const jbyte *)(derived + 16));
    gs_wipe(key, sizeof key);
    gs_wipe(out, sizeof out);
    gs_wipe(derived, sizeof derived);
    gs_wipe(&k, sizeof k);
}

JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeGcmSiv_encryptBlock0(JNIEnv *env, jclass cls, jbyteArray key,
                                                                          jbyteArray in, jbyteArray out, jint outOff) {
    (void)cls;
    uint8_t kb[32], block[16];
    gs_aes_key k;
    (*env)->GetByteArrayRegion(env, key, 0, 32, (jbyte *)kb);
    (*env)->GetByteArrayRegion(env, in, 0, 16, (jbyte *)block);
    gs_expand(&k, kb);
    gs_encrypt_block(&k, block, block);
    (*env)->SetByteArrayRegion(env, out, outOff, 16, (const jbyte *)block);
    gs_wipe(kb, sizeof kb);
    gs_wipe(block, sizeof block);
    gs_wipe(&k, sizeof k);
}

/* wide: the 512-bit kernels where the CPU has them; false keeps to the 128-bit ones (tests). */
JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeGcmSiv_ctr0(JNIEnv *env, jclass cls, jbyteArray key,
                                                                 jbyteArray counter, jbyteArray in, jint inOff,
                                                                 jint len, jbyteArray out, jint outOff,
                                                                 jboolean wide) {
    (void)cls;
    void (*ctr)(const gs_aes_key *, uint8_t *, const uint8_t *, uint8_t *, size_t) = wide && cpu_wide ? gs_ctr_wide : gs_ctr;
    uint8_t kb[32], c[16];
    gs_aes_key k;
    (*env)->GetByteArrayRegion(env, key, 0, 32, (jbyte *)kb);
    (*env)->GetByteArrayRegion(env, counter, 0, 16, (jbyte *)c);
    gs_expand(&k, kb);
    int same = (*env)->IsSameObject(env, in, out);
    if (same && inOff != outOff) {
        /* Overlapping ranges of one array: moved to the output range first (memmove copes
         * with the overlap), then enciphered there in place like the rest. */
        uint8_t *a = (*env)->GetPrimitiveArrayCritical(env, out, NULL);
        if (a == NULL) {
            len = 0; /* OutOfMemoryError is pending: nothing more to do but wipe */
        } else {
            memmove(a + outOff, a + inOff, (size_t)len);
            (*env)->ReleasePrimitiveArrayCritical(env, out, a, 0);
        }
    }
    for (jint done = 0; done < len;) {
        jint n = len - done < SLICE ? len - done : SLICE;
        uint8_t *dst = (*env)->GetPrimitiveArrayCritical(env, out, NULL);
        if (dst == NULL) {
            break; /* OutOfMemoryError is pending */
        }
        if (same) {
            ctr(&k, c, dst + outOff + done, dst + outOff + done, (size_t)n);
        } else {
            /* Read from one array and written to the other in the same pass: copying the input
             * over first was a whole extra pass over every byte. */
            const uint8_t *src = (*env)->GetPrimitiveArrayCritical(env, in, NULL);
            if (src == NULL) {
                (*env)->ReleasePrimitiveArrayCritical(env, out, dst, JNI_ABORT);
                break;
            }
            ctr(&k, c, src + inOff + done, dst + outOff + done, (size_t)n);
            (*env)->ReleasePrimitiveArrayCritical(env, in, (void *)src, JNI_ABORT);
        }
        (*env)->ReleasePrimitiveArrayCritical(env, out, dst, 0);
        done += n;
    }
    gs_wipe(kb, sizeof kb);
    gs_wipe(&k, sizeof k);
}

/* H, H^2 .. H^8 for polyval0, computed once per message rather than once per call (the
 * checkpointed open absorbs a message 4 KiB at a time). */
JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeGcmSiv_powers0(JNIEnv *env, jclass cls, jbyteArray h, jint hOff,
                                                                    jbyteArray powers) {
    (void)cls;
    uint8_t hb[16];
    gs_powers pow;
    (*env)->GetByteArrayRegion(env, h, hOff, 16, (jbyte *)hb);
    gs_powers_init(&pow, hb);
    (*env)->SetByteArrayRegion(env, powers, 0, (jsize)sizeof pow.pow, (const jbyte *)pow.pow);
    gs_wipe(hb, sizeof hb);
    gs_wipe(&pow, sizeof pow);
}

/* Absorbs len bytes into the 16-byte POLYVAL value state (updated in place) under the powers
 * from powers0, zero-padding a trailing partial block. */
JNIEXPORT void JNICALL Java_org_vaultfs_crypt_NativeGcmSiv_polyval0(JNIEnv *env, jclass cls, jbyteArray powers,
                                                                     jbyteArray state, jbyteArray in, jint off,
                                                                     jint len, jboolean wide) {
    (void)cls;
    void (*polyval)(const gs_powers *, uint8_t *, const uint8_t *, size_t) =
        wide && cpu_wide ? gs_polyval_wide : gs_polyval;
    uint8_t sb[16], last[16];
    gs_powers pow;
    (*env)->GetByteArrayRegion(env, powers, 0, (jsize)sizeof pow.pow, (jbyte *)pow.pow);
    (*env)->GetByteArrayRegion(env, state, 0, 16, (jbyte *)sb);
    jint whole = len & ~15;
    for (jint done = 0; done < whole;) {
        jint n = whole - done < SLICE ? whole - done : SLICE;
        const uint8_t *a = (*env)->GetPrimitiveArrayCritical(env, in, NULL);
        if (a == NULL) {
            break; /* OutOfMemoryError is pending */
        }
        polyval(&pow, sb, a + off + done, (size_t)n / 16);
        (*env)->ReleasePrimitiveArrayCritical(env, in, (void *)a, JNI_ABORT);
        done += n;
    }
    if (len > whole) { /* a trailing partial block, zero-padded */
        memset(last, 0, sizeof last);
        (*env)->GetByteArrayRegion(env, in, off + whole, len - whole, (jbyte *)last);
        polyval(&pow, sb, last, 1);
        gs_wipe(last, sizeof last);
    }
    (*env)->SetByteArrayRegion(env, state, 0, 16, (const jbyte *)sb);
    gs_wipe(sb, sizeof sb);
    gs_wipe(&pow, sizeof pow);
}

/* A raw chunk opened from native memory straight into a cache's native pages: the counter-mode
 * keystream of key from counter applied to src[srcOff, +len) and written consecutively across
 * pages (each pageBytes, a multiple of segment), each segment absorbed into the POLYVAL value
 * state right after it is written (still in L1) and the value after it stored at
 * states[statesOff + 16 i]. A mount's read of a raw chunk otherwise copied it from the read
 * buffer to a heap array, deciphered it there, copied it into the pages and wiped the array:
 * three of the seven passes over every byte that reach a reader. The JVM's heap is not touched
 * between the array accesses at either end, so nothing here is a critical section. Returns
 * false, touching nothing, when a buffer is not direct or too small; NativeGcmSiv checks that
 * before calling, so false means a caller bug. */
JNIEXPORT jboolean JNICALL Java_org_vaultfs_crypt_NativeGcmSiv_openToPages0(
        JNIEnv *env, jclass cls, jbyteArray key, jbyteArray counter, jbyteArray powers, jbyteArray state, jobject src,
        jint srcOff, jint len, jobjectArray pages, jint pageBytes, jint segment, jbyteArray states, jint statesOff,
        jboolean wide) {
    (void)cls;
    void (*ctr)(const gs_aes_key *, uint8_t *, const uint8_t *, uint8_t *, size_t) = wide && cpu_wide ? gs_ctr_wide : gs_ctr;
    void (*polyval)(const gs_powers *, uint8_t *, const uint8_t *, size_t) =
        wide && cpu_wide ? gs_polyval_wide : gs_polyval;
    const uint8_t *in = (*env)->GetDirectBufferAddress(env, src);
    jlong inCap = (*env)->GetDirectBufferCapacity(env, src);
    if (in == NULL || srcOff < 0 || len < 0 || (jlong)srcOff + len > inCap || segment <= 0 || segment % 16 != 0 ||
        pageBytes <= 0 || pageBytes % segment != 0) {
        return JNI_FALSE;
    }
    jsize pageCount = (*env)->GetArrayLength(env, pages);
    jlong segments = ((jlong)len + segment - 1) / segment;
    if ((jlong)pageCount * pageBytes < len || statesOff < 0 ||
        (jlong)statesOff + 16 * segments > (*env)->GetArrayLength(env, states)) {
        return JNI_FALSE;
    }
    for (jsize p = 0; (jlong)p * pageBytes < len; p++) { /* every page checked before any is written */
        jobject page = (*env)->GetObjectArrayElement(env, pages, p);
        int ok = page != NULL && (*env)->GetDirectBufferAddress(env, page) != NULL &&
                 (*env)->GetDirectBufferCapacity(env, page) >= pageBytes;
        (*env)->DeleteLocalRef(env, page);
        if (!ok) {
            return JNI_FALSE;
        }
    }
    uint8_t kb[32], c[16], sb[16], last[16];
    gs_aes_key k;
    gs_powers pow;
    (*env)->GetByteArrayRegion(env, key, 0, 32, (jbyte *)kb);
    (*env)->GetByteArrayRegion(env, counter, 0, 16, (jbyte *)c);
    (*env)->GetByteArrayRegion(env, powers, 0, (jsize)sizeof pow.pow, (jbyte *)pow.pow);
    (*env)->GetByteArrayRegion(env, state, 0, 16, (jbyte *)sb);
    gs_expand(&k, kb);
    jint at = 0;
    for (jsize p = 0; at < len; p++) {
        jobject page = (*env)->GetObjectArrayElement(env, pages, p);
        uint8_t *dst = (*env)->GetDirectBufferAddress(env, page);
        (*env)->DeleteLocalRef(env, page);
        for (jint in_page = 0; in_page < pageBytes && at < len; in_page += segment) {
            jint n = len - at < segment ? len - at : segment;
            ctr(&k, c, in + srcOff + at, dst + in_page, (size_t)n);
            jint whole = n & ~15;
            polyval(&pow, sb, dst + in_page, (size_t)whole / 16);
            if (n > whole) { /* only the last segment can end in a partial block, zero-padded */
                memset(last, 0, sizeof last);
                memcpy(last, dst + in_page + whole, (size_t)(n - whole));
                polyval(&pow, sb, last, 1);
                gs_wipe(last, sizeof last);
            }
            (*env)->SetByteArrayRegion(env, states, statesOff + 16 * (at / segment), 16, (const jbyte *)sb);
            at += n;
        }
    }
    (*env)->SetByteArrayRegion(env, state, 0, 16, (const jbyte *)sb);
    gs_wipe(kb, sizeof kb);
    gs_wipe(c, sizeof c);
    gs_wipe(sb, sizeof sb);
    gs_wipe(&k, sizeof k);
    gs_wipe(&pow, sizeof pow);
    return JNI_TRUE;
}

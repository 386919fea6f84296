/* JNI entry points of NativeGf. Shards are copied in and out a tile at a time (rather than
 * pinned) so the collector is never held off; the tile keeps every input and output of a
 * pass in the L2 cache. */
#include <jni.h>
#include <stdlib.h>

#include "gf_kernel.h"

#define GF_POLY 0x11D
#define GF_TILE 8192
#define GF_MAX_SHARDS 256

static int has_gfni;

static uint8_t gf_mul(uint8_t a, uint8_t b) {
    unsigned r = 0, x = a;
    for (int k = 0; k < 8; k++) {
        if (b & (1u << k)) {
            r ^= x;
        }
        x <<= 1;
        if (x & 0x100) {
            x ^= GF_POLY;
        }
    }
    return (uint8_t)r;
}

/* Row i of the matrix (byte 7-i of the qword) selects the input bits whose images under
 * multiplication by c have output bit i set. */
static uint64_t affine_matrix(uint8_t c) {
    uint64_t m = 0;
    for (int i = 0; i < 8; i++) {
        unsigned row = 0;
        for (int k = 0; k < 8; k++) {
            if (gf_mul(c, (uint8_t)(1u << k)) & (1u << i)) {
                row |= 1u << k;
            }
        }
        m |= (uint64_t)row << (8 * (7 - i));
    }
    return m;
}

static uint64_t matrix_of[256];

JNIEXPORT jboolean JNICALL Java_org_vaultfs_ecc_NativeGf_init0(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    __builtin_cpu_init();
    has_gfni = __builtin_cpu_supports("gfni") && __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512bw");
    for (int c = 0; c < 256; c++) {
        matrix_of[c] = affine_matrix((uint8_t)c);
    }
    return has_gfni ? JNI_TRUE : JNI_FALSE;
}

/* coefficients: n_out rows of n_in bytes. Returns 0, or -1 when memory ran out (the caller
 * then codes in Java). */
JNIEXPORT jint JNICALL Java_org_vaultfs_ecc_NativeGf_code0(JNIEnv *env, jclass cls, jbyteArray coefficients,
                                                           jobjectArray inputs, jint inOffset, jobjectArray outputs,
                                                           jint outOffset, jint byteCount) {
    (void)cls;
    int n_in = (*env)->GetArrayLength(env, inputs);
    int n_out = (*env)->GetArrayLength(env, outputs);
    if (!has_gfni || n_in <= 0 || n_out <= 0 || n_in > GF_MAX_SHARDS || n_out > GF_MAX_SHARDS) {
        return -1;
    }
    uint64_t *matrices = malloc(sizeof(uint64_t) * (size_t)n_in * (size_t)n_out);
    uint8_t *in = malloc((size_t)GF_TILE * (size_t)n_in);
    uint8_t *out = malloc((size_t)GF_TILE * (size_t)n_out);
    jbyteArray *in_refs = malloc(sizeof(jbyteArray) * (size_t)n_in);
    jbyteArray *out_refs = malloc(sizeof(jbyteArray) * (size_t)n_out);
    jint rc = -1;
    if (matrices == NULL || in == NULL || out == NULL || in_refs == NULL || out_refs == NULL ||
        (*env)->PushLocalFrame(env, n_in + n_out + 4) != 0) {
        goto done;
    }
    jbyte coeff[GF_MAX_SHARDS];
    for (int o = 0; o < n_out; o++) {
        (*env)->GetByteArrayRegion(env, coefficients, o * n_in, n_in, coeff);
        for (int j = 0; j < n_in; j++) {
            matrices[(size_t)o * n_in + j] = matrix_of[(uint8_t)coeff[j]];
        }
    }
    for (int j = 0; j < n_in; j++) {
        in_refs[j] = (*env)->GetObjectArrayElement(env, inputs, j);
    }
    for (int o = 0; o < n_out; o++) {
        out_refs[o] = (*env)->GetObjectArrayElement(env, outputs, o);
    }
    for (jint done = 0; done < byteCount; done += GF_TILE) {
        int n = byteCount - done < GF_TILE ? byteCount - done : GF_TILE;
        for (int j = 0; j < n_in; j++) {
            (*env)->GetByteArrayRegion(env, in_refs[j], inOffset + done, n, (jbyte *)(in + (size_t)j * GF_TILE));
        }
        gf_code_tile_gfni(matrices, n_in, n_out, in, out, GF_TILE, n);
        for (int o = 0; o < n_out; o++) {
            (*env)->SetByteArrayRegion(env, out_refs[o], outOffset + done, n, (const jbyte *)(out + (size_t)o * GF_TILE));
        }
        if ((*env)->ExceptionCheck(env)) {
            break;
        }
    }
    (*env)->PopLocalFrame(env, NULL);
    rc = 0;
done:
    free(matrices);
    free(in);
    free(out);
    free(in_refs);
    free(out_refs);
    return rc;
}

/*
 * The gear rolling hash of content-defined chunking (SPEC.md, gear CDC) in C, for
 * org.vaultfs.chunking.NativeGear: one chain of a rotate, a table load and an add per byte,
 * the cut tested only from the chunk's minimum length on. The table is the format's 256
 * constants, handed over once by init0.
 */
#include <jni.h>
#include <stdint.h>

static uint64_t gear[256];

JNIEXPORT void JNICALL Java_org_vaultfs_chunking_NativeGear_init0(JNIEnv *env, jclass cls, jlongArray table) {
    (void)cls;
    (*env)->GetLongArrayRegion(env, table, 0, 256, (jlong *)gear);
}

static inline uint64_t rotl1(uint64_t h) {
    return (h << 1) | (h >> 63);
}

/*
 * Folds data[from, untested) without testing, then data[untested, tested) testing each hash
 * against mask. state[0] holds the hash in and out. Returns the index just past the first
 * byte whose hash passes the test, or -1 when none does (state[0] is then the hash after
 * data[tested - 1]). Bounds are checked by the caller.
 */
JNIEXPORT jint JNICALL Java_org_vaultfs_chunking_NativeGear_scan0(JNIEnv *env, jclass cls, jbyteArray data, jint from,
                                                               jint untested, jint tested, jlong mask, jlongArray state) {
    (void)cls;
    jlong h0;
    (*env)->GetLongArrayRegion(env, state, 0, 1, &h0);
    uint8_t *a = (*env)->GetPrimitiveArrayCritical(env, data, NULL);
    if (a == NULL) {
        return -2;
    }
    uint64_t h = (uint64_t)h0;
    const uint64_t m = (uint64_t)mask;
    jint i = from;
    for (; i < untested; i++) {
        h = rotl1(h) + gear[a[i]];
    }
    jint cut = -1;
    for (; i < tested; i++) {
        h = rotl1(h) + gear[a[i]];
        if ((h & m) == 0) {
            cut = i + 1;
            break;
        }
    }
    (*env)->ReleasePrimitiveArrayCritical(env, data, a, JNI_ABORT);
    h0 = (jlong)h;
    (*env)->SetLongArrayRegion(env, state, 0, 1, &h0);
    return cut;
}

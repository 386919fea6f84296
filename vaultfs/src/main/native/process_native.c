/* Process hardening for NativeProcess: the same three steps the CLI otherwise takes through
 * jnr-ffi, whose stub generation costs ~0.1 s at every start. */
#define _GNU_SOURCE
#include <jni.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

JNIEXPORT jboolean JNICALL Java_org_vaultfs_crypt_NativeProcess_harden0(JNIEnv *env, jclass cls,
                                                                        jobjectArray envNames) {
    (void)cls;
    struct rlimit none = {0, 0};
    int ok = setrlimit(RLIMIT_CORE, &none) == 0;
    ok &= prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    jsize n = (*env)->GetArrayLength(env, envNames);
    for (jsize i = 0; i < n; i++) {
        jstring name = (jstring)(*env)->GetObjectArrayElement(env, envNames, i);
        const char *utf = name == NULL ? NULL : (*env)->GetStringUTFChars(env, name, NULL);
        if (utf != NULL) {
            /* In place: unsetenv would only unlink the value, leaving it in /proc/PID/environ. */
            char *value = getenv(utf);
            if (value != NULL) {
                memset(value, 0, strlen(value));
            }
            (*env)->ReleaseStringUTFChars(env, name, utf);
        }
        if (name != NULL) {
            (*env)->DeleteLocalRef(env, name);
        }
    }
    return ok ? JNI_TRUE : JNI_FALSE;
}

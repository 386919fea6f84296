/* The kernel's CSPRNG for NativeRandom: getrandom(2), which blocks only until the pool is
 * first seeded at boot, the source the reference's OsRng reads too. */
#define _GNU_SOURCE
#include <errno.h>
#include <jni.h>
#include <string.h>
#include <sys/random.h>

/* Fills out[0, length) or returns the errno that stopped it (0 on success). */
JNIEXPORT jint JNICALL Java_org_vaultfs_crypt_NativeRandom_fill0(JNIEnv *env, jclass cls, jbyteArray out, jint length) {
    (void)cls;
    unsigned char piece[256];
    jint done = 0;
    while (done < length) {
        size_t want = (size_t)(length - done) < sizeof piece ? (size_t)(length - done) : sizeof piece;
        ssize_t n = getrandom(piece, want, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            int e = errno;
            explicit_bzero(piece, sizeof piece);
            return e;
        }
        (*env)->SetByteArrayRegion(env, out, done, (jsize)n, (const jbyte *)piece);
        done += (jint)n;
    }
    explicit_bzero(piece, sizeof piece);
    return 0;
}

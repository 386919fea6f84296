/* A FUSE directory listing handed to libfuse's filler in one native call, for
 * org.vaultfs.fuse.NativeDirectoryFill. Through jnr every entry was a downcall with its own
 * argument marshalling, interpreted until the JIT got to it: most of a first walk's time in
 * the daemon. Records: inode (u64), st_mode (u32), the name NUL-terminated; inode and mode
 * both 0 pass no stat (".", ".."). */
#include <jni.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

typedef int (*fill_dir_fn)(void *buf, const char *name, const struct stat *st, off_t off);

/* Returns 0 when every record was taken, else 1 + the index of the one the filler refused. */
JNIEXPORT jint JNICALL Java_org_vaultfs_fuse_NativeDirectoryFill_fill0(JNIEnv *env, jclass cls, jlong filler,
                                                                        jlong buf, jobject records, jint length,
                                                                        jint count) {
    (void)cls;
    const unsigned char *p = (*env)->GetDirectBufferAddress(env, records);
    if (p == NULL || filler == 0) {
        return 1;
    }
    const unsigned char *end = p + length;
    fill_dir_fn fill = (fill_dir_fn)(intptr_t)filler;
    struct stat st;
    for (jint i = 0; i < count; i++) {
        if (end - p < 13) {
            return 1 + i;
        }
        uint64_t ino;
        uint32_t mode;
        memcpy(&ino, p, 8);
        memcpy(&mode, p + 8, 4);
        const char *name = (const char *)(p + 12);
        const unsigned char *nul = memchr(name, 0, (size_t)(end - (p + 12)));
        if (nul == NULL) {
            return 1 + i;
        }
        const struct stat *given = NULL;
        if (ino != 0 || mode != 0) {
            memset(&st, 0, sizeof st);
            st.st_ino = (ino_t)ino;
            st.st_mode = (mode_t)mode;
            given = &st;
        }
        if (fill((void *)(intptr_t)buf, name, given, 0) != 0) {
            return 1 + i;
        }
        p = nul + 1;
    }
    return 0;
}

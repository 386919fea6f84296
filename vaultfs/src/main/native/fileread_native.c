/* A small source file read whole, for org.vaultfs.container.NativeFileRead: open, read and
 * close in one native call into a direct buffer. Through the JDK each small file of a seal
 * cost a channel object, its cleaner registration and a stream around it, and a stat: about
 * as much of the reading threads' time as the reads themselves. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Returned for a path that is no longer a regular file (a FIFO's open would otherwise block). */
#define NOT_REGULAR (-(1 << 20))

/* Bytes read (up to cap: cap itself means the file holds at least that many), NOT_REGULAR, or a
 * negative errno. */
JNIEXPORT jint JNICALL Java_org_vaultfs_container_NativeFileRead_read0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                    jobject buffer, jint cap) {
    (void)cls;
    char path[PATH_MAX];
    jsize n = (*env)->GetArrayLength(env, jpath);
    if (n <= 0 || n >= PATH_MAX) {
        return -ENAMETOOLONG;
    }
    (*env)->GetByteArrayRegion(env, jpath, 0, n, (jbyte *)path);
    path[n] = 0;
    if (memchr(path, 0, (size_t)n) != NULL) {
        return -EINVAL;
    }
    unsigned char *out = (*env)->GetDirectBufferAddress(env, buffer);
    jlong capacity = (*env)->GetDirectBufferCapacity(env, buffer);
    if (out == NULL || cap < 0 || capacity < cap) {
        return -EINVAL;
    }
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        return -errno;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return NOT_REGULAR;
    }
    jint total = 0;
    while (total < cap) {
        ssize_t r = read(fd, out + total, (size_t)(cap - total));
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            int e = errno;
            close(fd);
            memset(out, 0, (size_t)total); /* a failed read leaves none of the file behind */
            return -e;
        }
        if (r == 0) {
            break;
        }
        total += (jint)r;
    }
    close(fd);
    return total;
}

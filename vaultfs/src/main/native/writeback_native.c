/* Advice to the kernel about a file's cached pages, for org.vaultfs.container.PageCacheAdvice,
 * through a descriptor of its own: early writeback of a file being written (sync_file_range
 * starts writing a range's dirty pages and returns without waiting, so the fsync that makes the
 * finished file durable finds most of it already on its way), and dropping the clean pages of
 * a range a one-pass reader is done with (posix_fadvise DONTNEED), so that its next reads reuse
 * them instead of taking fresh ones. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* A descriptor of its own on the file (path: its bytes, no NUL); negative errno on failure. */
JNIEXPORT jint JNICALL Java_org_vaultfs_container_PageCacheAdvice_open0(JNIEnv *env, jclass cls, jbyteArray path) {
    (void)cls;
    jsize n = (*env)->GetArrayLength(env, path);
    char *p = malloc((size_t)n + 1);
    if (p == NULL) {
        return -ENOMEM;
    }
    (*env)->GetByteArrayRegion(env, path, 0, n, (jbyte *)p);
    p[n] = '\0';
    if (memchr(p, '\0', (size_t)n) != NULL) {
        free(p);
        return -EINVAL;
    }
    int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    int err = errno;
    free(p);
    return fd < 0 ? -err : fd;
}

JNIEXPORT jint JNICALL Java_org_vaultfs_container_PageCacheAdvice_startWriteback0(JNIEnv *env, jclass cls, jint fd, jlong offset,
                                                                       jlong length) {
    (void)env;
    (void)cls;
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE) == 0 ? 0 : -errno;
}

JNIEXPORT jint JNICALL Java_org_vaultfs_container_PageCacheAdvice_dropCached0(JNIEnv *env, jclass cls, jint fd, jlong offset,
                                                                            jlong length) {
    (void)env;
    (void)cls;
    return -posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
}

/* 1 when the byte at offset is in the page cache (a read that must not wait succeeds), 0 when it
 * is not, a negative errno when the question cannot be asked. */
JNIEXPORT jint JNICALL Java_org_vaultfs_container_PageCacheAdvice_cached0(JNIEnv *env, jclass cls, jint fd, jlong offset) {
    (void)env;
    (void)cls;
    unsigned char b;
    struct iovec v = {&b, 1};
    ssize_t r = preadv2(fd, &v, 1, offset, RWF_NOWAIT);
    if (r >= 0) {
        return r == 1 ? 1 : 0;
    }
    return errno == EAGAIN ? 0 : -errno;
}

JNIEXPORT void JNICALL Java_org_vaultfs_container_PageCacheAdvice_close0(JNIEnv *env, jclass cls, jint fd) {
    (void)env;
    (void)cls;
    close(fd);
}

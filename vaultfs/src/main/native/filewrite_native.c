/* A small extracted file created, written, stamped and closed in one native call, for
 * org.vaultfs.fs.NativeFileWrite. Through the JDK each of an extraction's small files cost a
 * channel with its cleaner, a path object per call and a temporary direct buffer: more of the
 * commit threads' time than the kernel's work on the file, and much of the JIT's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Added to the errno of a failure after the file was created (it has been removed again). */
#define AFTER_CREATE (1 << 16)

static jint undo(int dirfd, const char *name, int fd, int err) {
    if (fd >= 0) {
        close(fd);
    }
    unlinkat(dirfd, name, 0);
    return -(AFTER_CREATE | err);
}

/* Creates name in dirfd (O_EXCL, never through a link) with mode, writes buffer[0, len), sets
 * the modification time when seconds >= 0 (access time untouched), closes. 0, -errno when the
 * create failed (EEXIST: the name is taken, try another), or -(AFTER_CREATE | errno) when a
 * later step failed and the file was removed. The buffer is wiped either way. */
JNIEXPORT jint JNICALL Java_org_vaultfs_fs_NativeFileWrite_create0(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname,
                                                                 jint mode, jobject buffer, jint len, jlong seconds,
                                                                 jint nanos) {
    (void)cls;
    char name[NAME_MAX + 1];
    unsigned char *in = (*env)->GetDirectBufferAddress(env, buffer);
    jlong capacity = (*env)->GetDirectBufferCapacity(env, buffer);
    if (in == NULL || len < 0 || capacity < len) {
        return -EINVAL;
    }
    jint result = 0;
    jsize n = (*env)->GetArrayLength(env, jname);
    if (n <= 0 || n > NAME_MAX) {
        result = -ENAMETOOLONG;
        goto wipe;
    }
    (*env)->GetByteArrayRegion(env, jname, 0, n, (jbyte *)name);
    name[n] = 0;
    if (memchr(name, 0, (size_t)n) != NULL || memchr(name, '/', (size_t)n) != NULL) {
        result = -EINVAL;
        goto wipe;
    }
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, (mode_t)(mode & 07777));
    if (fd < 0) {
        result = -errno;
        goto wipe;
    }
    jint done = 0;
    while (done < len) {
        ssize_t w = write(fd, in + done, (size_t)(len - done));
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            result = undo(dirfd, name, fd, errno);
            goto wipe;
        }
        done += (jint)w;
    }
    if (seconds >= 0) {
        struct timespec times[2] = {{0, UTIME_OMIT}, {(time_t)seconds, nanos}};
        if (futimens(fd, times) != 0) {
            result = undo(dirfd, name, fd, errno);
            goto wipe;
        }
    }
    if (close(fd) != 0) {
        result = undo(dirfd, name, -1, errno);
    }
wipe:
    explicit_bzero(in, (size_t)len); /* the buffer outlives the file: no plaintext left in it */
    return result;
}

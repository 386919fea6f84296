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
#include <sys/uio.h>
#include <unistd.h>

/* Returned for a path that is no longer a regular file (a FIFO's open would otherwise block). */
#define NOT_REGULAR (-(1 << 20))

/* The Java path's bytes as a C string in path (PATH_MAX bytes): 0, or a negative errno. */
static int copy_path(JNIEnv *env, jbyteArray jpath, char *path) {
    jsize n = (*env)->GetArrayLength(env, jpath);
    if (n <= 0 || n >= PATH_MAX) {
        return -ENAMETOOLONG;
    }
    (*env)->GetByteArrayRegion(env, jpath, 0, n, (jbyte *)path);
    path[n] = 0;
    if (memchr(path, 0, (size_t)n) != NULL) {
        return -EINVAL;
    }
    return 0;
}

/* An open descriptor of the regular file at path, its stat in st, or a negative errno: a symlink
 * is never followed (ELOOP), and a FIFO or device put in the file's place is neither waited on
 * nor read (NOT_REGULAR). */
static int open_regular(const char *path, struct stat *st) {
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        return -errno;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return NOT_REGULAR;
    }
    return fd;
}

/* Bytes read (up to cap: cap itself means the file holds at least that many), NOT_REGULAR, or a
 * negative errno. */
JNIEXPORT jint JNICALL Java_org_vaultfs_container_NativeFileRead_read0(JNIEnv *env, jclass cls, jbyteArray jpath,
                                                                    jobject buffer, jint cap) {
    (void)cls;
    char path[PATH_MAX];
    int bad = copy_path(env, jpath, path);
    if (bad != 0) {
        return bad;
    }
    unsigned char *out = (*env)->GetDirectBufferAddress(env, buffer);
    jlong capacity = (*env)->GetDirectBufferCapacity(env, buffer);
    if (out == NULL || cap < 0 || capacity < cap) {
        return -EINVAL;
    }
    struct stat st;
    int fd = open_regular(path, &st);
    if (fd < 0) {
        return fd;
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

/* Asks the kernel to start reading a small source file into the page cache and returns at once
 * (posix_fadvise WILLNEED), for org.vaultfs.container.NativeFileRead.prefetch0. Opened as read0
 * opens (open_regular). CACHED when its first byte was already in the page cache (then no hint is given: a tree read
 * lately needs none), 0 when hinted, NOT_REGULAR, or a negative errno. A hint either way:
 * nothing depends on it. */
#define CACHED 1
JNIEXPORT jint JNICALL Java_org_vaultfs_container_NativeFileRead_prefetch0(JNIEnv *env, jclass cls, jbyteArray jpath) {
    (void)cls;
    char path[PATH_MAX];
    int bad = copy_path(env, jpath, path);
    if (bad != 0) {
        return bad;
    }
    struct stat st;
    int fd = open_regular(path, &st);
    if (fd < 0) {
        return fd;
    }
    unsigned char first;
    struct iovec v = {&first, 1};
    int r = st.st_size > 0 && preadv2(fd, &v, 1, 0, RWF_NOWAIT) == 1 ? CACHED : -posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
    close(fd);
    return r;
}

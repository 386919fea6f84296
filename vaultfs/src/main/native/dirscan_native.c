/* A source directory's entries and their lstat, for org.vaultfs.container.NativeDirectoryScan.
 * Through the JDK, a seal's walk cost two stats per entry (the walker's, then the attributes
 * the metadata records), a path object per entry and, for the extended attributes, an open,
 * a listing and a close of every file and directory: most of the serial second before a
 * seal's first block. Here one readdir, one fstatat and one llistxattr size query per entry.
 *
 * Record, little-endian: name length (u16), errno of the stat (i32; 0 = the stat fields are
 * valid), st_mode, st_uid, st_gid (u32 each), st_nlink (u64), st_size (i64), mtime seconds
 * (i64) and nanoseconds (u32), st_ino, st_dev, st_rdev (u64 each), the size llistxattr reports
 * (i64; -1 when it was not asked or failed, so the caller asks in its own way), then the name's
 * bytes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <unistd.h>

#define HEADER 78
#define MAX_RECORD (HEADER + 256)

typedef struct {
    DIR *dir;
    size_t dir_len;      /* the directory's path, then '/', in path[] */
    char path[PATH_MAX]; /* the directory's path + '/' + the current name, for llistxattr */
    unsigned char pending[MAX_RECORD];
    size_t pending_len;  /* a record read but not yet handed over: it did not fit */
    int error;           /* readdir's failure after records already handed over: the next call's answer */
} scan_t;

static void put16(unsigned char *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }

/* Returns a handle, or a negative errno when the directory cannot be opened. */
JNIEXPORT jlong JNICALL Java_org_vaultfs_container_NativeDirectoryScan_open0(JNIEnv *env, jclass cls, jbyteArray jpath) {
    (void)cls;
    jsize n = (*env)->GetArrayLength(env, jpath);
    if (n <= 0 || n + 2 >= PATH_MAX) {
        return -ENAMETOOLONG;
    }
    scan_t *s = malloc(sizeof *s);
    if (s == NULL) {
        return -ENOMEM;
    }
    (*env)->GetByteArrayRegion(env, jpath, 0, n, (jbyte *)s->path);
    s->path[n] = 0;
    if (memchr(s->path, 0, (size_t)n) != NULL) {
        free(s);
        return -EINVAL;
    }
    int fd = open(s->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        free(s);
        return -e;
    }
    s->dir = fdopendir(fd);
    if (s->dir == NULL) {
        int e = errno;
        close(fd);
        free(s);
        return -e;
    }
    s->path[n] = '/';
    s->dir_len = (size_t)n + 1;
    s->pending_len = 0;
    s->error = 0;
    return (jlong)(intptr_t)s;
}

static size_t encode(scan_t *s, const char *name, jboolean xattrs, unsigned char *out) {
    size_t len = strlen(name);
    if (len > 255) {
        len = 255; /* cannot happen on Linux (NAME_MAX); the caller then fails to find it */
    }
    struct stat st;
    memset(out, 0, HEADER);
    put16(out, (uint16_t)len);
    int64_t xattr_size = -1;
    if (fstatat(dirfd(s->dir), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        put32(out + 2, (uint32_t)errno);
    } else {
        put32(out + 6, (uint32_t)st.st_mode);
        put32(out + 10, (uint32_t)st.st_uid);
        put32(out + 14, (uint32_t)st.st_gid);
        put64(out + 18, (uint64_t)st.st_nlink);
        put64(out + 26, (uint64_t)st.st_size);
        put64(out + 34, (uint64_t)st.st_mtim.tv_sec);
        put32(out + 42, (uint32_t)st.st_mtim.tv_nsec);
        put64(out + 46, (uint64_t)st.st_ino);
        put64(out + 54, (uint64_t)st.st_dev);
        put64(out + 62, (uint64_t)st.st_rdev);
        if (xattrs && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) && s->dir_len + len < sizeof s->path) {
            memcpy(s->path + s->dir_len, name, len + 1);
            ssize_t r = llistxattr(s->path, NULL, 0);
            xattr_size = r >= 0 ? (int64_t)r : -1;
        }
    }
    put64(out + 70, (uint64_t)xattr_size);
    memcpy(out + HEADER, name, len);
    return HEADER + len;
}

/* Fills out with whole records; returns the bytes written, 0 at the end, or a negative errno. */
JNIEXPORT jint JNICALL Java_org_vaultfs_container_NativeDirectoryScan_next0(JNIEnv *env, jclass cls, jlong handle,
                                                                          jbyteArray jout, jboolean xattrs) {
    (void)cls;
    scan_t *s = (scan_t *)(intptr_t)handle;
    jsize cap = (*env)->GetArrayLength(env, jout);
    if (s == NULL || cap < MAX_RECORD) {
        return -EINVAL;
    }
    if (s->error != 0) {
        return -s->error;
    }
    unsigned char *buf = malloc((size_t)cap);
    if (buf == NULL) {
        return -ENOMEM;
    }
    size_t used = 0;
    if (s->pending_len > 0) {
        memcpy(buf, s->pending, s->pending_len);
        used = s->pending_len;
        s->pending_len = 0;
    }
    int result = 0;
    while (1) {
        errno = 0;
        struct dirent *d = readdir(s->dir);
        if (d == NULL) {
            if (errno != 0 && used == 0) {
                result = -errno;
            } else if (errno != 0) {
                s->error = errno;
            }
            break;
        }
        const char *name = d->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) {
            continue;
        }
        if ((size_t)cap - used < MAX_RECORD) {
            s->pending_len = encode(s, name, xattrs, s->pending);
            break;
        }
        used += encode(s, name, xattrs, buf + used);
    }
    if (used > 0) {
        (*env)->SetByteArrayRegion(env, jout, 0, (jsize)used, (const jbyte *)buf);
        result = (jint)used;
    }
    free(buf);
    return result;
}

JNIEXPORT void JNICALL Java_org_vaultfs_container_NativeDirectoryScan_close0(JNIEnv *env, jclass cls, jlong handle) {
    (void)env;
    (void)cls;
    scan_t *s = (scan_t *)(intptr_t)handle;
    if (s != NULL) {
        closedir(s->dir);
        free(s);
    }
}

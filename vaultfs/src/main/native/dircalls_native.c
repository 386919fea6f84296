/* The directory system calls of an extraction (openat, mkdirat, renameat, ...) for
 * org.vaultfs.fs.NativeDirectoryCalls. Bound through jnr-ffi, the first of them cost a cold
 * extraction 80-130 ms on its main thread, right before its first file: jnr-ffi's runtime and a
 * class it generates for the binding. This library is already loaded for the ciphers by then.
 * Every call returns what the system call returns, or -errno on failure; names arrive as the
 * bytes of their UTF-8 form and a name holding a NUL byte is refused with -EINVAL (C would
 * otherwise see a shorter name than the caller meant). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/* A name from Java, NUL-terminated in buf (PATH_MAX bytes); 0, or -errno when it cannot be. */
static int name_of(JNIEnv *env, jbyteArray in, char buf[PATH_MAX]) {
    if (in == NULL) {
        return -EFAULT;
    }
    jsize n = (*env)->GetArrayLength(env, in);
    if (n >= PATH_MAX) {
        return -ENAMETOOLONG;
    }
    (*env)->GetByteArrayRegion(env, in, 0, n, (jbyte *)buf);
    if (memchr(buf, 0, (size_t)n) != NULL) {
        return -EINVAL;
    }
    buf[n] = 0;
    return 0;
}

static jint result(int rc) {
    return rc < 0 ? -errno : rc;
}

#define NAME(var, array)                       \
    char var[PATH_MAX];                        \
    do {                                       \
        int bad_ = name_of(env, array, var);   \
        if (bad_ != 0) {                       \
            return bad_;                       \
        }                                      \
    } while (0)

#define JFN(name) Java_org_vaultfs_fs_NativeDirectoryCalls_##name

JNIEXPORT jint JNICALL JFN(openat0)(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname, jint flags, jint mode) {
    (void)cls;
    NAME(name, jname);
    return result(openat(dirfd, name, flags, (mode_t)mode));
}

JNIEXPORT jint JNICALL JFN(mkdirat0)(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname, jint mode) {
    (void)cls;
    NAME(name, jname);
    return result(mkdirat(dirfd, name, (mode_t)mode));
}

JNIEXPORT jint JNICALL JFN(renameat0)(JNIEnv *env, jclass cls, jint fromfd, jbyteArray jfrom, jint tofd, jbyteArray jto) {
    (void)cls;
    NAME(from, jfrom);
    NAME(to, jto);
    return result(renameat(fromfd, from, tofd, to));
}

JNIEXPORT jint JNICALL JFN(utimensat0)(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname, jlong asec, jlong ansec,
                                       jlong msec, jlong mnsec, jint flags) {
    (void)cls;
    NAME(name, jname);
    struct timespec t[2] = {{(time_t)asec, (long)ansec}, {(time_t)msec, (long)mnsec}};
    return result(utimensat(dirfd, name, t, flags));
}

JNIEXPORT jint JNICALL JFN(unlinkat0)(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname, jint flags) {
    (void)cls;
    NAME(name, jname);
    return result(unlinkat(dirfd, name, flags));
}

JNIEXPORT jint JNICALL JFN(symlinkat0)(JNIEnv *env, jclass cls, jbyteArray jtarget, jint dirfd, jbyteArray jname) {
    (void)cls;
    NAME(target, jtarget);
    NAME(name, jname);
    return result(symlinkat(target, dirfd, name));
}

JNIEXPORT jint JNICALL JFN(linkat0)(JNIEnv *env, jclass cls, jint fromfd, jbyteArray jfrom, jint tofd, jbyteArray jto,
                                    jint flags) {
    (void)cls;
    NAME(from, jfrom);
    NAME(to, jto);
    return result(linkat(fromfd, from, tofd, to, flags));
}

JNIEXPORT jint JNICALL JFN(mknodat0)(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname, jint mode, jlong dev) {
    (void)cls;
    NAME(name, jname);
    return result(mknodat(dirfd, name, (mode_t)mode, (dev_t)dev));
}

JNIEXPORT jint JNICALL JFN(fchmodat0)(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname, jint mode, jint flags) {
    (void)cls;
    NAME(name, jname);
    return result(fchmodat(dirfd, name, (mode_t)mode, flags));
}

JNIEXPORT jint JNICALL JFN(fchownat0)(JNIEnv *env, jclass cls, jint dirfd, jbyteArray jname, jint uid, jint gid,
                                      jint flags) {
    (void)cls;
    NAME(name, jname);
    return result(fchownat(dirfd, name, (uid_t)uid, (gid_t)gid, flags));
}

JNIEXPORT jint JNICALL JFN(fchmod0)(JNIEnv *env, jclass cls, jint fd, jint mode) {
    (void)env;
    (void)cls;
    return result(fchmod(fd, (mode_t)mode));
}

JNIEXPORT jint JNICALL JFN(fchown0)(JNIEnv *env, jclass cls, jint fd, jint uid, jint gid) {
    (void)env;
    (void)cls;
    return result(fchown(fd, (uid_t)uid, (gid_t)gid));
}

JNIEXPORT jint JNICALL JFN(fsync0)(JNIEnv *env, jclass cls, jint fd) {
    (void)env;
    (void)cls;
    return result(fsync(fd));
}

JNIEXPORT jint JNICALL JFN(syncfs0)(JNIEnv *env, jclass cls, jint fd) {
    (void)env;
    (void)cls;
    return result(syncfs(fd));
}

JNIEXPORT jint JNICALL JFN(close0)(JNIEnv *env, jclass cls, jint fd) {
    (void)env;
    (void)cls;
    return result(close(fd));
}

/* The size of attribute jname of fd (0 for an empty value), or -errno. */
JNIEXPORT jlong JNICALL JFN(fgetxattrSize0)(JNIEnv *env, jclass cls, jint fd, jbyteArray jname) {
    (void)cls;
    NAME(name, jname);
    ssize_t n = fgetxattr(fd, name, NULL, 0);
    return n < 0 ? -errno : (jlong)n;
}

JNIEXPORT jint JNICALL JFN(geteuid0)(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return (jint)geteuid();
}

JNIEXPORT jint JNICALL JFN(getegid0)(JNIEnv *env, jclass cls) {
    (void)env;
    (void)cls;
    return (jint)getegid();
}

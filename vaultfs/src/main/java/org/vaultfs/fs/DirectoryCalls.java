package org.vaultfs.fs;

/**
 * The system calls {@link DirectoryFds} makes, each returning what the call returns or, when it
 * fails, the negated errno: in C ({@link NativeDirectoryCalls}) where vaultfs' library is
 * loaded, else through jnr-ffi ({@link JnrDirectoryCalls}).
 */
interface DirectoryCalls {
    int openat(int dirfd, String path, int flags, int mode);

    int mkdirat(int dirfd, String path, int mode);

    int renameat(int olddirfd, String oldpath, int newdirfd, String newpath);

    /** Access then modification time, seconds and nanoseconds each. */
    int utimensat(int dirfd, String path, long accessSeconds, long accessNanos, long modifiedSeconds, long modifiedNanos,
                  int flags);

    int unlinkat(int dirfd, String path, int flags);

    int symlinkat(String target, int dirfd, String path);

    int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);

    int mknodat(int dirfd, String path, int mode, long dev);

    int fchmodat(int dirfd, String path, int mode, int flags);

    int fchownat(int dirfd, String path, int uid, int gid, int flags);

    int fchmod(int fd, int mode);

    int fchown(int fd, int uid, int gid);

    int fsync(int fd);

    int syncfs(int fd);

    int close(int fd);

    /** The size of attribute {@code name} of {@code fd}, or the negated errno. */
    long fgetxattrSize(int fd, String name);

    int geteuid();

    int getegid();
}

package org.vaultfs.fs;

import jnr.ffi.LastError;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/** {@link DirectoryCalls} through jnr-ffi: for where vaultfs' C library is not loaded. */
final class JnrDirectoryCalls implements DirectoryCalls {
    /** Public because jnr-ffi implements it from its own class loader. */
    public interface LibC {
        @SaveError
        int openat(int dirfd, String path, int flags, int mode);

        @SaveError
        int mkdirat(int dirfd, String path, int mode);

        @SaveError
        int renameat(int olddirfd, String oldpath, int newdirfd, String newpath);

        /** {@code times} is {@code struct timespec[2]}: access then modification, seconds and nanoseconds. */
        @SaveError
        int utimensat(int dirfd, String path, @In long[] times, int flags);

        @SaveError
        int unlinkat(int dirfd, String path, int flags);

        @SaveError
        int fsync(int fd);

        @SaveError
        int syncfs(int fd);

        @SaveError
        int symlinkat(String target, int dirfd, String path);

        @SaveError
        int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);

        @SaveError
        int mknodat(int dirfd, String path, int mode, long dev);

        @SaveError
        int fchmodat(int dirfd, String path, int mode, int flags);

        @SaveError
        int fchownat(int dirfd, String path, int uid, int gid, int flags);

        @SaveError
        int fchmod(int fd, int mode);

        @SaveError
        int fchown(int fd, int uid, int gid);

        int geteuid();

        int getegid();

        @SaveError
        long fgetxattr(int fd, String name, jnr.ffi.Pointer value, long size);

        @SaveError
        int close(int fd);
    }

    private final LibC c = SystemLibraries.libc(LibC.class);
    private final Runtime runtime = Runtime.getRuntime(c);

    /** What the call returned, or the negated errno it left when it returned -1. */
    private int checked(int rc) {
        return rc == -1 ? -LastError.getLastError(runtime) : rc;
    }

    @Override
    public int openat(int dirfd, String path, int flags, int mode) {
        return checked(c.openat(dirfd, path, flags, mode));
    }

    @Override
    public int mkdirat(int dirfd, String path, int mode) {
        return checked(c.mkdirat(dirfd, path, mode));
    }

    @Override
    public int renameat(int olddirfd, String oldpath, int newdirfd, String newpath) {
        return checked(c.renameat(olddirfd, oldpath, newdirfd, newpath));
    }

    @Override
    public int utimensat(int dirfd, String path, long accessSeconds, long accessNanos, long modifiedSeconds,
                         long modifiedNanos, int flags) {
        return checked(c.utimensat(dirfd, path, new long[] {accessSeconds, accessNanos, modifiedSeconds, modifiedNanos}, flags));
    }

    @Override
    public int unlinkat(int dirfd, String path, int flags) {
        return checked(c.unlinkat(dirfd, path, flags));
    }

    @Override
    public int symlinkat(String target, int dirfd, String path) {
        return checked(c.symlinkat(target, dirfd, path));
    }

    @Override
    public int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) {
        return checked(c.linkat(olddirfd, oldpath, newdirfd, newpath, flags));
    }

    @Override
    public int mknodat(int dirfd, String path, int mode, long dev) {
        return checked(c.mknodat(dirfd, path, mode, dev));
    }

    @Override
    public int fchmodat(int dirfd, String path, int mode, int flags) {
        return checked(c.fchmodat(dirfd, path, mode, flags));
    }

    @Override
    public int fchownat(int dirfd, String path, int uid, int gid, int flags) {
        return checked(c.fchownat(dirfd, path, uid, gid, flags));
    }

    @Override
    public int fchmod(int fd, int mode) {
        return checked(c.fchmod(fd, mode));
    }

    @Override
    public int fchown(int fd, int uid, int gid) {
        return checked(c.fchown(fd, uid, gid));
    }

    @Override
    public int fsync(int fd) {
        return checked(c.fsync(fd));
    }

    @Override
    public int syncfs(int fd) {
        return checked(c.syncfs(fd));
    }

    @Override
    public int close(int fd) {
        return checked(c.close(fd));
    }

    @Override
    public long fgetxattrSize(int fd, String name) {
        long n = c.fgetxattr(fd, name, null, 0);
        return n == -1 ? -LastError.getLastError(runtime) : n;
    }

    @Override
    public int geteuid() {
        return c.geteuid();
    }

    @Override
    public int getegid() {
        return c.getegid();
    }
}

package org.vaultfs.fs;

import java.nio.charset.StandardCharsets;
import org.vaultfs.crypt.NativeLibrary;

/**
 * {@link DirectoryCalls} in vaultfs' C library ({@code dircalls_native.c}), which the ciphers
 * have loaded by the time an extraction makes its first directory; jnr-ffi's first binding
 * cost a cold extraction 80-130 ms right before its first file. Names go to C as UTF-8, so
 * this is used only where the JVM maps file names as UTF-8 too.
 */
final class NativeDirectoryCalls implements DirectoryCalls {
    private static final boolean AVAILABLE = NativeLibrary.loaded() && NativeLibrary.pathsAreUtf8() && linked();

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean linked() {
        try {
            geteuid0();
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int openat(int dirfd, String path, int flags, int mode) {
        return openat0(dirfd, bytes(path), flags, mode);
    }

    @Override
    public int mkdirat(int dirfd, String path, int mode) {
        return mkdirat0(dirfd, bytes(path), mode);
    }

    @Override
    public int renameat(int olddirfd, String oldpath, int newdirfd, String newpath) {
        return renameat0(olddirfd, bytes(oldpath), newdirfd, bytes(newpath));
    }

    @Override
    public int utimensat(int dirfd, String path, long accessSeconds, long accessNanos, long modifiedSeconds,
                         long modifiedNanos, int flags) {
        return utimensat0(dirfd, bytes(path), accessSeconds, accessNanos, modifiedSeconds, modifiedNanos, flags);
    }

    @Override
    public int unlinkat(int dirfd, String path, int flags) {
        return unlinkat0(dirfd, bytes(path), flags);
    }

    @Override
    public int symlinkat(String target, int dirfd, String path) {
        return symlinkat0(bytes(target), dirfd, bytes(path));
    }

    @Override
    public int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) {
        return linkat0(olddirfd, bytes(oldpath), newdirfd, bytes(newpath), flags);
    }

    @Override
    public int mknodat(int dirfd, String path, int mode, long dev) {
        return mknodat0(dirfd, bytes(path), mode, dev);
    }

    @Override
    public int fchmodat(int dirfd, String path, int mode, int flags) {
        return fchmodat0(dirfd, bytes(path), mode, flags);
    }

    @Override
    public int fchownat(int dirfd, String path, int uid, int gid, int flags) {
        return fchownat0(dirfd, bytes(path), uid, gid, flags);
    }

    @Override
    public int fchmod(int fd, int mode) {
        return fchmod0(fd, mode);
    }

    @Override
    public int fchown(int fd, int uid, int gid) {
        return fchown0(fd, uid, gid);
    }

    @Override
    public int fsync(int fd) {
        return fsync0(fd);
    }

    @Override
    public int syncfs(int fd) {
        return syncfs0(fd);
    }

    @Override
    public int close(int fd) {
        return close0(fd);
    }

    @Override
    public long fgetxattrSize(int fd, String name) {
        return fgetxattrSize0(fd, bytes(name));
    }

    @Override
    public int geteuid() {
        return geteuid0();
    }

    @Override
    public int getegid() {
        return getegid0();
    }

    private static native int openat0(int dirfd, byte[] path, int flags, int mode);

    private static native int mkdirat0(int dirfd, byte[] path, int mode);

    private static native int renameat0(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath);

    private static native int utimensat0(int dirfd, byte[] path, long accessSeconds, long accessNanos,
                                         long modifiedSeconds, long modifiedNanos, int flags);

    private static native int unlinkat0(int dirfd, byte[] path, int flags);

    private static native int symlinkat0(byte[] target, int dirfd, byte[] path);

    private static native int linkat0(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

    private static native int mknodat0(int dirfd, byte[] path, int mode, long dev);

    private static native int fchmodat0(int dirfd, byte[] path, int mode, int flags);

    private static native int fchownat0(int dirfd, byte[] path, int uid, int gid, int flags);

    private static native int fchmod0(int fd, int mode);

    private static native int fchown0(int fd, int uid, int gid);

    private static native int fsync0(int fd);

    private static native int syncfs0(int fd);

    private static native int close0(int fd);

    private static native long fgetxattrSize0(int fd, byte[] name);

    private static native int geteuid0();

    private static native int getegid0();
}

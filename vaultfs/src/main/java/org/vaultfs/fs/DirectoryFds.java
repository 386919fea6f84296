package org.vaultfs.fs;

import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;

/**
 * Directory file descriptors through libc's {@code *at} calls, which Java lacks: a directory
 * opened with {@code O_NOFOLLOW|O_DIRECTORY} stays the same directory whatever later happens
 * to its name, so nothing created relative to it can be redirected by a symlink swapped in.
 * Java file APIs reach inside such a directory through its {@code /proc/self/fd/N} magic link,
 * which names the open directory itself, never a path resolved again.
 */
final class DirectoryFds {
    static final int AT_FDCWD = -100;
    /** Linux's values, the same on every architecture. */
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final DirectoryCalls C = NativeDirectoryCalls.available() ? new NativeDirectoryCalls() : new JnrDirectoryCalls();
    private static final int DIR_FLAGS = OpenFlags.O_RDONLY.intValue() | OpenFlags.O_DIRECTORY.intValue()
            | OpenFlags.O_NOFOLLOW.intValue() | OpenFlags.O_CLOEXEC.intValue();
    static final int ENOENT = Errno.ENOENT.intValue();
    static final int EEXIST = Errno.EEXIST.intValue();
    static final int ELOOP = Errno.ELOOP.intValue();
    static final int ENOTDIR = Errno.ENOTDIR.intValue();
    static final int EISDIR = Errno.EISDIR.intValue();

    private DirectoryFds() {
    }

    /** Opens {@code name} in {@code dirfd} as a directory, never through a link; a negative errno on failure. */
    static int openDirectory(int dirfd, String name) {
        return C.openat(dirfd, name, DIR_FLAGS, 0);
    }

    /** Creates {@code name} in {@code dirfd} (mode 0777 before the umask, as mkdir(1)); 0 or a negative errno. */
    static int makeDirectory(int dirfd, String name) {
        return C.mkdirat(dirfd, name, 0777);
    }

    /** Renames {@code from} to {@code to}, both in {@code dirfd}, replacing (never following) what is there; 0 or a negative errno. */
    static int rename(int dirfd, String from, String to) {
        return C.renameat(dirfd, from, dirfd, to);
    }


    /** Sets {@code name}'s mtime to the nanosecond (a link itself, never its target); 0 or a negative errno. */
    static int setModifiedTime(int dirfd, String name, long seconds, int nanos) {
        return C.utimensat(dirfd, name, 0, UTIME_OMIT, seconds, nanos, AT_SYMLINK_NOFOLLOW);
    }

    /** A symlink {@code name} in {@code dirfd} holding {@code target} as given; 0 or a negative errno. */
    static int symlink(String target, int dirfd, String name) {
        return C.symlinkat(target, dirfd, name);
    }

    /** A hard link {@code name} in {@code dirfd} to {@code existing} in {@code fromFd} (a link itself is never followed). */
    static int link(int fromFd, String existing, int dirfd, String name) {
        return C.linkat(fromFd, existing, dirfd, name, 0);
    }

    /** A FIFO or device node ({@code mode} carries the type bits); 0 or a negative errno. */
    static int mknod(int dirfd, String name, int mode, long dev) {
        return C.mknodat(dirfd, name, mode, dev);
    }

    /** chmod of {@code name}, refused (never followed) when it is a link; 0 or a negative errno. */
    static int chmod(int dirfd, String name, int mode) {
        return C.fchmodat(dirfd, name, mode, AT_SYMLINK_NOFOLLOW);
    }

    /** chown of {@code name} itself, a link included; 0 or a negative errno. */
    static int chown(int dirfd, String name, long uid, long gid) {
        return C.fchownat(dirfd, name, (int) uid, (int) gid, AT_SYMLINK_NOFOLLOW);
    }

    /** chmod and chown of an open directory; 0 or a negative errno. */
    static int chmodOpen(int fd, int mode) {
        return C.fchmod(fd, mode);
    }

    static int chownOpen(int fd, long uid, long gid) {
        return C.fchown(fd, (int) uid, (int) gid);
    }

    /** Flushes the whole filesystem holding {@code fd} (data and metadata); 0 or a negative errno. */
    static int syncFilesystem(int fd) {
        return C.syncfs(fd);
    }

    /**
     * Whether the open directory has a default ACL, which then sets the mode of what is created
     * in it instead of the umask. An error other than "none" or "not supported" says yes.
     */
    static boolean hasDefaultAcl(int fd) {
        long n = C.fgetxattrSize(fd, "system.posix_acl_default");
        if (n >= 0) {
            return true;
        }
        long e = -n;
        return e != Errno.ENODATA.intValue() && e != Errno.EOPNOTSUPP.intValue() && e != Errno.ENOTSUP.intValue();
    }

    static boolean isRoot() {
        return C.geteuid() == 0;
    }

    private static final long EGID = C.getegid() & 0xffffffffL;

    static long effectiveUid() {
        return C.geteuid() & 0xffffffffL;
    }

    /**
     * What a directory tells of the nodes created in it: the filesystem they land on (-1 when
     * the directory cannot be asked) and the group they are given, the directory's own when it
     * is setgid, else the process's (-1 unknown).
     */
    record NewNodes(long device, long gid) {
    }

    /**
     * Whether {@code name} in {@code dirfd} (never followed) has exactly permission bits
     * {@code mode}, and, when {@code gid} is known (&gt;= 0), owner {@code uid} and group {@code gid}.
     */
    static boolean hasModeAndOwner(int dirfd, String name, int mode, long uid, long gid) {
        try {
            java.util.Map<String, Object> a = java.nio.file.Files.readAttributes(inside(dirfd, name), "unix:mode,uid,gid",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            boolean modeMatches = ((Integer) a.get("mode") & 07777) == mode;
            boolean ownerMatches = gid < 0 || (((Integer) a.get("uid")) & 0xffffffffL) == uid
                    && (((Integer) a.get("gid")) & 0xffffffffL) == gid;
            return modeMatches && ownerMatches;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    static NewNodes newNodes(int fd) {
        try {
            java.util.Map<String, Object> a = java.nio.file.Files.readAttributes(self(fd), "unix:dev,mode,gid");
            boolean setgid = ((Integer) a.get("mode") & 02000) != 0;
            return new NewNodes((Long) a.get("dev"), setgid ? ((Integer) a.get("gid")) & 0xffffffffL : EGID);
        } catch (java.io.IOException | RuntimeException e) {
            return new NewNodes(-1, -1);
        }
    }

    /** Removes the file {@code name} from {@code dirfd}; 0 or a negative errno. */
    static int unlink(int dirfd, String name) {
        return C.unlinkat(dirfd, name, 0);
    }

    /** 0 or a negative errno. */
    static int sync(int fd) {
        return C.fsync(fd);
    }

    static void close(int fd) {
        if (fd >= 0) {
            C.close(fd);
        }
    }

    /** The path through which Java APIs address {@code name} inside the open directory {@code fd}. */
    static Path inside(int fd, String name) {
        return Path.of("/proc/self/fd/" + fd, name);
    }

    /** The open directory {@code fd} itself (following this magic link reaches exactly that directory). */
    static Path self(int fd) {
        return Path.of("/proc/self/fd/" + fd);
    }

    static String describe(int negErrno) {
        int e = -negErrno;
        for (Errno x : Errno.values()) {
            if (x.intValue() == e) {
                return x.description();
            }
        }
        return "errno " + e;
    }
}

package org.vaultfs.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a vault is presented: owner, permission bits and FUSE mount options. Write bits are
 * never granted whatever the umask, because every write-type call fails with EROFS anyway.
 */
public record MountConfig(int uid, int gid, int umask, boolean allowOther, boolean debug, boolean storedOwners) {
    public static final int DEFAULT_UMASK = 0277;

    public MountConfig {
        if (umask < 0 || umask > 0777) {
            throw new IllegalArgumentException("umask must be an octal value between 0 and 0777");
        }
    }

    /** Owned by the user running this process, default umask, private to that user. */
    public static MountConfig forCurrentUser() {
        return new MountConfig(currentId("unix:uid"), currentId("unix:gid"), DEFAULT_UMASK, false, false, false);
    }

    public MountConfig withUmask(int newUmask) {
        return new MountConfig(uid, gid, newUmask, allowOther, debug, storedOwners);
    }

    /** Who the mount's files appear to belong to (restic's and sshfs's {@code -o uid=,gid=}). */
    public MountConfig withOwner(int newUid, int newGid) {
        return new MountConfig(newUid, newGid, umask, allowOther, debug, storedOwners);
    }

    public MountConfig withAllowOther(boolean allow) {
        return new MountConfig(uid, gid, umask, allow, debug, storedOwners);
    }

    /** Show the owners and groups the vault stores (SPEC.md §20) instead of the mounting user's. */
    public MountConfig withStoredOwners(boolean stored) {
        return new MountConfig(uid, gid, umask, allowOther, debug, stored);
    }

    /**
     * The stored mode of a node the vault has metadata for, never with a write bit, less the
     * umask when one was asked for (the default umask applies to vaults without metadata only:
     * without allow_other nobody but the mounting user can enter the mount anyway).
     */
    public int storedMode(int mode) {
        return mode & 07555 & ~(umask == DEFAULT_UMASK ? 0 : umask);
    }

    public int fileMode() {
        return 0444 & ~umask;
    }

    public int dirMode() {
        return 0555 & ~umask;
    }

    /**
     * kernel_cache: the vault cannot change while mounted, so page-cache contents stay valid
     * across opens; for the same reason the kernel may keep names, attributes and misses for a
     * day (entry/attr/negative_timeout) instead of libfuse's one second, so a second walk of
     * the tree (find, ls -R, a build probing for files) is answered without a request. use_ino: stat shows our stable inode numbers. default_permissions: the
     * kernel enforces the modes above. allow_other only on request: otherwise even root's
     * other users cannot see the plaintext.
     */
    public String[] fuseOptions() {
        List<String> o = new ArrayList<>();
        o.add("-o");
        StringBuilder opts = new StringBuilder("ro,nosuid,nodev,kernel_cache,default_permissions,use_ino,fsname=vaultfs,subtype=vaultfs"
                + ",entry_timeout=86400,attr_timeout=86400,negative_timeout=86400");
        if (allowOther) {
            opts.append(",allow_other");
        }
        o.add(opts.toString());
        return o.toArray(new String[0]);
    }

    /** The owner of /proc/self is this process's effective uid/gid; avoids a native call. */
    private static int currentId(String attribute) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }
}

package org.vaultfs.metadata;

import java.util.List;

/**
 * What one path holds beyond its name and bytes.
 *
 * @param mode permission bits with setuid, setgid and sticky ({@code 07777}); no type bits
 * @param user owner name, null when unknown (then only {@code uid} is restored)
 * @param mtimeNanos 0..999,999,999 past {@code mtimeSeconds}
 * @param target a symlink's target, as stored (absolute, relative, dangling alike); null otherwise
 * @param linkGroup files with the same non-zero group are hard links of one another
 */
public record NodeMetadata(NodeKind kind, int mode, long uid, long gid, String user, String group, long mtimeSeconds,
                           int mtimeNanos, String target, long rdevMajor, long rdevMinor, long linkGroup, List<Xattr> xattrs) {
    public NodeMetadata {
        xattrs = List.copyOf(xattrs);
    }

    /** {@code st_mode}: type and permission bits. */
    public int stMode() {
        return kind.typeBits() | (mode & 07777);
    }

    /** A device's {@code dev_t}, as glibc's {@code makedev} builds it. */
    public long rdev() {
        return NodeCapture.makedev(rdevMajor, rdevMinor);
    }

    public NodeMetadata withLinkGroup(long group) {
        return new NodeMetadata(kind, mode, uid, gid, user, this.group, mtimeSeconds, mtimeNanos, target, rdevMajor, rdevMinor,
                group, xattrs);
    }
}

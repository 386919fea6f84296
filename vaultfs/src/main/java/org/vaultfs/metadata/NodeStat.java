package org.vaultfs.metadata;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * One {@code lstat} of a source path: what {@link NodeCapture} records and what an edit needs to
 * read the file. {@code xattrListSize} is what {@code llistxattr} reported for it (0: the node has
 * no extended attributes of any namespace, so none need to be read), or -1 when not known.
 */
public record NodeStat(int mode, long uid, long gid, long ino, long dev, long rdev, long nlink, long size,
                       long mtimeSeconds, int mtimeNanos, long xattrListSize) {
    public static final long XATTRS_UNKNOWN = -1;

    /** From the JDK's {@code unix:} attribute map ({@link NodeCapture#stat}); size -1 when the map has none. */
    public static NodeStat of(Map<String, Object> unix) {
        Instant t = ((FileTime) unix.get("lastModifiedTime")).toInstant();
        Object size = unix.get("size");
        return new NodeStat((Integer) unix.get("mode"), (Integer) unix.get("uid") & 0xffffffffL,
                (Integer) unix.get("gid") & 0xffffffffL, (Long) unix.get("ino"), (Long) unix.get("dev"), (Long) unix.get("rdev"),
                (Integer) unix.get("nlink"), size == null ? -1 : (Long) size, t.getEpochSecond(), t.getNano(), XATTRS_UNKNOWN);
    }

    /** The node's kind, or null for what no vault stores (a socket). */
    public NodeKind kind() {
        return NodeCapture.kindOf(mode);
    }

    public boolean isRegularFile() {
        return kind() == NodeKind.FILE;
    }

    public boolean isDirectory() {
        return kind() == NodeKind.DIR;
    }

    public FileTime modified() {
        return FileTime.from(Instant.ofEpochSecond(mtimeSeconds, mtimeNanos));
    }
}

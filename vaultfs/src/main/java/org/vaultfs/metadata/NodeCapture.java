package org.vaultfs.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what a source path holds beyond its bytes, never following a symlink: kind, mode with
 * setuid/setgid/sticky, owner and group (numbers and names), mtime to the nanosecond, a
 * symlink's target, a device's numbers, hard-link groups (files sharing device and inode) and,
 * when asked, the {@code user.} extended attributes within the payload limits. One instance
 * per seal or add, so hard links are recognised across the whole walk.
 */
public final class NodeCapture {
    private static final String ATTRIBUTES = "unix:mode,uid,gid,ino,dev,rdev,nlink,lastModifiedTime";

    private final boolean xattrs;
    private final long firstGroup;
    private final Map<List<Long>, Long> linkGroups = new HashMap<>();
    /** Names by id, looked up once per id: the JDK's owner attribute asks the passwd database for every file. */
    private final Map<Long, Optional<String>> users = new HashMap<>();
    private final Map<Long, Optional<String>> groups = new HashMap<>();

    /** {@code after}: the highest hard-link group already in use (new groups are numbered above it). */
    public NodeCapture(boolean xattrs, long after) {
        this.xattrs = xattrs;
        this.firstGroup = after + 1;
    }

    /**
     * One stat of {@code p} (never following a link) with all {@link #read(Path, NodeStat)} needs,
     * and the size: a caller that must stat the file anyway passes it on instead of a second stat.
     */
    public static NodeStat stat(Path p) throws IOException {
        return NodeStat.of(Files.readAttributes(p, ATTRIBUTES + ",size", LinkOption.NOFOLLOW_LINKS));
    }

    /** The metadata of {@code p}, or null for what no vault stores (a socket). */
    public NodeMetadata read(Path p) throws IOException {
        return read(p, NodeStat.of(Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS)));
    }

    /** As {@link #read(Path)}, from a {@link #stat} of {@code p} (or a directory scan's) already made. */
    public NodeMetadata read(Path p, NodeStat a) throws IOException {
        NodeKind kind = a.kind();
        if (kind == null) {
            return null;
        }
        String target = kind == NodeKind.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
        long linkGroup = 0;
        if (kind == NodeKind.FILE && a.nlink() > 1) {
            List<Long> key = List.of(a.dev(), a.ino());
            linkGroup = linkGroups.computeIfAbsent(key, k -> firstGroup + linkGroups.size());
        }
        boolean device = kind == NodeKind.CHAR_DEVICE || kind == NodeKind.BLOCK_DEVICE;
        String user = users.computeIfAbsent(a.uid(), id -> Optional.ofNullable(name(attribute(p, "unix:owner")))).orElse(null);
        String group = groups.computeIfAbsent(a.gid(), id -> Optional.ofNullable(name(attribute(p, "unix:group")))).orElse(null);
        // A node whose llistxattr listed nothing has no user. attributes to open it for.
        boolean readXattrs = xattrs && (kind == NodeKind.FILE || kind == NodeKind.DIR) && a.xattrListSize() != 0;
        return new NodeMetadata(kind, a.mode() & 07777, a.uid(), a.gid(), user, group, a.mtimeSeconds(), a.mtimeNanos(), target,
                device ? major(a.rdev()) : 0, device ? minor(a.rdev()) : 0, linkGroup,
                readXattrs ? xattrsOf(p) : List.of());
    }

    static NodeKind kindOf(int stMode) {
        return switch (stMode & 0170000) {
            case 0100000 -> NodeKind.FILE;
            case 0040000 -> NodeKind.DIR;
            case 0120000 -> NodeKind.SYMLINK;
            case 0010000 -> NodeKind.FIFO;
            case 0020000 -> NodeKind.CHAR_DEVICE;
            case 0060000 -> NodeKind.BLOCK_DEVICE;
            default -> null;
        };
    }

    /** glibc's {@code gnu_dev_major}. */
    public static long major(long rdev) {
        return (rdev >>> 8 & 0xfff) | (rdev >>> 32 & ~0xfffL);
    }

    /** glibc's {@code gnu_dev_minor}. */
    public static long minor(long rdev) {
        return (rdev & 0xff) | (rdev >>> 12 & ~0xffL);
    }

    /** glibc's {@code gnu_dev_makedev}. */
    public static long makedev(long major, long minor) {
        return (minor & 0xff) | (major & 0xfff) << 8 | (minor & ~0xffL) << 12 | (major & ~0xfffL) << 32;
    }

    private static Object attribute(Path p, String name) {
        try {
            return Files.getAttribute(p, name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String name(Object principal) {
        if (!(principal instanceof UserPrincipal u)) {
            return null;
        }
        String n = u.getName();
        // An id with no name in the passwd database comes back as the number itself.
        return n.chars().allMatch(Character::isDigit) ? null : n;
    }

    /** The {@code user.} attributes the filesystem lists, those within the limits; none where it has none. */
    private static List<Xattr> xattrsOf(Path p) {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        List<Xattr> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        try {
            long total = 0;
            for (String n : v.list()) {
                String full = "user." + n;
                int size = v.size(n);
                if (out.size() == MetadataJson.MAX_XATTRS || full.getBytes(StandardCharsets.UTF_8).length > MetadataJson.MAX_XATTR_NAME_BYTES
                        || size > MetadataJson.MAX_XATTR_VALUE_BYTES || total + size > MetadataJson.MAX_XATTR_BYTES_PER_NODE) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.allocate(size);
                v.read(n, b);
                out.add(new Xattr(full, java.util.Arrays.copyOf(b.array(), b.position())));
                total += size;
            }
        } catch (FileSystemException | UnsupportedOperationException e) {
            return out; // no xattr support here: the node is kept without them
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}

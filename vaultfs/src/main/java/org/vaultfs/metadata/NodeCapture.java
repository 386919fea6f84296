package org.vaultfs.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
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
     * One stat of {@code p} (never following a link) with all {@link #read(Path, Map)} needs, and
     * the size: a caller that must stat the file anyway passes it on instead of a second stat.
     */
    public static Map<String, Object> stat(Path p) throws IOException {
        return Files.readAttributes(p, ATTRIBUTES + ",size", LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether a {@link #stat} is of a regular file. */
    public static boolean isRegularFile(Map<String, Object> stat) {
        return kindOf((Integer) stat.get("mode")) == NodeKind.FILE;
    }

    /** The metadata of {@code p}, or null for what no vault stores (a socket). */
    public NodeMetadata read(Path p) throws IOException {
        return read(p, Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    }

    /** As {@link #read(Path)}, from a {@link #stat} of {@code p} already made. */
    public NodeMetadata read(Path p, Map<String, Object> a) throws IOException {
        int mode = (Integer) a.get("mode");
        NodeKind kind = kindOf(mode);
        if (kind == null) {
            return null;
        }
        Instant t = ((FileTime) a.get("lastModifiedTime")).toInstant();
        long rdev = (Long) a.get("rdev");
        String target = kind == NodeKind.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
        long linkGroup = 0;
        if (kind == NodeKind.FILE && (Integer) a.get("nlink") > 1) {
            List<Long> key = List.of((Long) a.get("dev"), (Long) a.get("ino"));
            linkGroup = linkGroups.computeIfAbsent(key, k -> firstGroup + linkGroups.size());
        }
        boolean device = kind == NodeKind.CHAR_DEVICE || kind == NodeKind.BLOCK_DEVICE;
        long uid = unsigned((Integer) a.get("uid"));
        long gid = unsigned((Integer) a.get("gid"));
        String user = users.computeIfAbsent(uid, id -> Optional.ofNullable(name(attribute(p, "unix:owner")))).orElse(null);
        String group = groups.computeIfAbsent(gid, id -> Optional.ofNullable(name(attribute(p, "unix:group")))).orElse(null);
        return new NodeMetadata(kind, mode & 07777, uid, gid, user, group, t.getEpochSecond(), t.getNano(), target,
                device ? major(rdev) : 0, device ? minor(rdev) : 0, linkGroup,
                xattrs && (kind == NodeKind.FILE || kind == NodeKind.DIR) ? xattrsOf(p) : List.of());
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

    private static long unsigned(int id) {
        return id & 0xffffffffL;
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

package org.vaultfs.metadata;

import static org.vaultfs.json.CanonicalCursor.literal;

import java.util.List;
import org.vaultfs.json.CanonicalCursor;

/**
 * Reads a metadata payload in the form {@link MetadataJson#write} produces (compact, members
 * in the order of SPEC.md §20.3, no escapes) in one pass over the bytes, or gives up with null
 * at the first byte outside that form, or at any node the general reader would refuse, leaving
 * the payload to {@link MetadataJson}'s Jackson reader. It accepts a subset of what that reader
 * accepts and builds the same tree, so every refusal and its message stay that reader's.
 * Nodes with extended attributes are left to the general reader too: they are rare, and their
 * limits are its to check.
 *
 * <p>A mount reads this payload beside the manifest before its first file is visible; a
 * user or group name repeated by the next node is that node's string too.
 */
final class CanonicalMetadataReader {
    private static final long U32 = 0xffffffffL;

    private static final byte[] NODES = literal("{\"nodes\":[");
    private static final byte[] PATH = literal("{\"path\":");
    private static final byte[] TYPE = literal(",\"type\":\"");
    private static final byte[] MODE = literal("\",\"mode\":");
    private static final byte[] UID = literal(",\"uid\":");
    private static final byte[] GID = literal(",\"gid\":");
    private static final byte[] USER = literal(",\"user\":");
    private static final byte[] GROUP = literal(",\"group\":");
    private static final byte[] MTIME = literal(",\"mtime\":[");
    private static final byte[] TARGET = literal(",\"target\":");
    private static final byte[] RDEV = literal(",\"rdev\":[");
    private static final byte[] LINK = literal(",\"link\":");
    private static final NodeKind[] KINDS = NodeKind.values();
    private static final byte[][] KIND_NAMES = new byte[KINDS.length][];

    static {
        for (int i = 0; i < KINDS.length; i++) {
            KIND_NAMES[i] = literal(KINDS[i].json());
        }
    }

    private final CanonicalCursor c;
    private final Repeated users = new Repeated();
    private final Repeated groups = new Repeated();

    private CanonicalMetadataReader(CanonicalCursor c) {
        this.c = c;
    }

    /** The tree's metadata, or null when the payload is not in the canonical form (or is refused). */
    static TreeMetadata read(byte[] json) {
        return CanonicalCursor.readOrNull(json, c -> new CanonicalMetadataReader(c).tree());
    }

    private TreeMetadata tree() {
        TreeMetadata t = TreeMetadata.empty();
        c.expect(NODES);
        if (c.peek() != ']') {
            do {
                node(t);
            } while (c.peek() == ',' && c.next() == ',');
        }
        c.take(']');
        c.take('}');
        return t;
    }

    private void node(TreeMetadata t) {
        c.expect(PATH);
        String path = c.string();
        c.expect(TYPE);
        NodeKind kind = kind();
        c.expect(MODE);
        int mode = (int) c.number(07777);
        c.expect(UID);
        long uid = c.number(U32);
        c.expect(GID);
        long gid = c.number(U32);
        String user = c.skip(USER) ? users.read(c) : null;
        String group = c.skip(GROUP) ? groups.read(c) : null;
        c.expect(MTIME);
        long seconds = c.signed(Long.MAX_VALUE);
        c.take(',');
        int nanos = (int) c.number(999_999_999);
        c.take(']');
        String target = null;
        if (c.skip(TARGET)) {
            int from = c.position();
            target = c.string();
            int bytes = c.position() - from - 2;
            if (bytes == 0 || bytes > MetadataJson.MAX_TARGET_BYTES) {
                throw CanonicalCursor.notCanonical();
            }
        }
        long major = 0;
        long minor = 0;
        boolean hasRdev = c.skip(RDEV);
        if (hasRdev) {
            major = c.number(U32);
            c.take(',');
            minor = c.number(U32);
            c.take(']');
        }
        long link = c.skip(LINK) ? c.number(Long.MAX_VALUE) : 0;
        c.take('}');
        boolean device = kind == NodeKind.CHAR_DEVICE || kind == NodeKind.BLOCK_DEVICE;
        if ((kind == NodeKind.SYMLINK) != (target != null) || device != hasRdev || link != 0 && kind != NodeKind.FILE
                || t.get(path) != null) {
            throw CanonicalCursor.notCanonical();
        }
        t.put(path, new NodeMetadata(kind, mode, uid, gid, user, group, seconds, nanos, target, major, minor, link, List.of()));
    }

    private NodeKind kind() {
        for (int i = 0; i < KINDS.length; i++) {
            if (c.skip(KIND_NAMES[i])) {
                return KINDS[i];
            }
        }
        throw CanonicalCursor.notCanonical();
    }

    /** A string that mostly repeats the previous one read in its place: then it is that object. */
    private static final class Repeated {
        private String last;
        private int lastAt;

        String read(CanonicalCursor c) {
            if (last != null && c.sameString(lastAt)) {
                c.skipString();
                return last;
            }
            lastAt = c.position();
            last = c.string();
            return last;
        }
    }
}

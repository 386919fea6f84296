package org.vaultfs.fs;

import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.metadata.TreeMetadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.vaultfs.container.Entry;

/**
 * The directory tree of a vault, built once from the manifest: path lookup is one hash probe
 * and a directory's sorted children are a ready array. Parents that have no manifest entry of
 * their own (a file "a/b/c" with no "a" or "a/b" entry) still appear, dated like the root.
 */
public final class VaultTree {
    private final DirNode root;
    private final Map<String, FsNode> byPath;
    private final long totalFileBytes;
    private final int fileCount;

    private VaultTree(DirNode root, Map<String, FsNode> byPath, long totalFileBytes, int fileCount) {
        this.root = root;
        this.byPath = byPath;
        this.totalFileBytes = totalFileBytes;
        this.fileCount = fileCount;
    }

    public static VaultTree build(List<Entry> entries, long rootMtimeSeconds) {
        return build(entries, rootMtimeSeconds, TreeMetadata.empty());
    }

    /** With the vault's metadata: stored modes and times, hard links sharing an inode, symlinks, FIFOs and devices. */
    public static VaultTree build(List<Entry> entries, long rootMtimeSeconds, TreeMetadata metadata) {
        return new Builder(entries, rootMtimeSeconds, metadata).build();
    }

    public DirNode root() {
        return root;
    }

    /** The node at a FUSE path ("/" or "/a/b"), or null. */
    public FsNode lookup(String fusePath) {
        if (fusePath.isEmpty() || fusePath.equals("/")) {
            return root;
        }
        String p = fusePath.charAt(0) == '/' ? fusePath.substring(1) : fusePath;
        return byPath.get(p);
    }

    /** Number of nodes, the root included. */
    public int nodeCount() {
        return byPath.size() + 1;
    }

    public int fileCount() {
        return fileCount;
    }

    public long totalFileBytes() {
        return totalFileBytes;
    }

    /**
     * Entries with longer paths (Linux PATH_MAX) are left out of the mount: materialising the
     * implicit ancestors of a path with n segments costs O(n^2) memory and n stack frames.
     */
    static final int MAX_PATH_CHARS = 4096;

    private static final class Builder {
        private final List<Entry> entries;
        private final long rootMtime;
        private final Map<String, Entry> explicitDirs = new HashMap<>();
        private final Map<String, FsNode> byPath;
        private final Map<DirNode, List<FsNode>> children = new HashMap<>();
        private final Map<String, Long> parsedTimes = new HashMap<>(); // vaults repeat a few stamps many times
        private final DirNode root;
        private long nextInode = 2; // 1 is the FUSE root inode
        private DirNode lastParent;
        private List<FsNode> lastSiblings;
        private String lastStamp;
        private long lastTime;
        private long totalBytes;
        private int files;

        private final TreeMetadata metadata;
        private final Iterator<Map.Entry<String, NodeMetadata>> metadataInOrder;
        private Map.Entry<String, NodeMetadata> metadataAt;
        /** The inode and nodes of each hard-link group met so far. */
        private final Map<Long, List<FileNode>> linkGroups = new HashMap<>();

        Builder(List<Entry> entries, long rootMtime, TreeMetadata metadata) {
            this.metadata = metadata;
            this.metadataInOrder = metadata.all().entrySet().iterator();
            this.metadataAt = metadataInOrder.hasNext() ? metadataInOrder.next() : null;
            this.entries = entries;
            this.rootMtime = rootMtime;
            this.byPath = new HashMap<>(entries.size() * 2);
            this.root = new DirNode(1, "", rootMtime);
            children.put(root, new ArrayList<>());
        }

        VaultTree build() {
            for (Entry e : entries) {
                if (e.isDir()) {
                    explicitDirs.put(e.path(), e);
                }
            }
            for (Entry e : entries) {
                if (e.path().length() > MAX_PATH_CHARS) {
                    continue; // beyond PATH_MAX: no kernel path reaches it, and its ancestors would cost O(depth^2)
                }
                if (e.isDir()) {
                    ensureDir(e.path());
                } else {
                    addFile(e);
                }
            }
            for (Map.Entry<String, NodeMetadata> sp : metadata.specials()) {
                if (sp.getKey().length() <= MAX_PATH_CHARS && !byPath.containsKey(sp.getKey())) {
                    DirNode parent = parentOf(sp.getKey());
                    if (parent != null) {
                        SpecialNode n = new SpecialNode(nextInode++, sp.getKey(), sp.getValue());
                        byPath.put(sp.getKey(), n);
                        lastSiblings.add(n);
                    }
                }
            }
            for (List<FileNode> group : linkGroups.values()) {
                for (FileNode f : group) {
                    f.linkCount(group.size());
                }
            }
            Comparator<FsNode> byName = Comparator.comparing(FsNode::name);
            for (Map.Entry<DirNode, List<FsNode>> d : children.entrySet()) {
                List<FsNode> list = d.getValue();
                list.sort(byName);
                d.getKey().setChildren(list.toArray(new FsNode[0]));
            }
            return new VaultTree(root, byPath, totalBytes, files);
        }

        private void addFile(Entry e) {
            String path = e.path();
            DirNode parent = parentOf(path);
            // The validator rejects duplicates and file/directory clashes; if one slips
            // through, the first wins rather than the tree becoming inconsistent.
            if (parent == null) {
                return;
            }
            NodeMetadata m = metadataOf(path);
            m = m != null && m.kind() == NodeKind.FILE ? m : null;
            List<FileNode> group = m == null || m.linkGroup() == 0 ? null : linkGroups.computeIfAbsent(m.linkGroup(), g -> new ArrayList<>());
            // Hard links share the first member's inode, as stat on the source showed.
            long inode = group != null && !group.isEmpty() ? group.get(0).inode() : nextInode;
            FileNode f = new FileNode(inode, e, m != null ? m.mtimeSeconds() : time(e.modified()));
            f.meta(m);
            if (byPath.putIfAbsent(path, f) != null) {
                return;
            }
            if (group != null) {
                group.add(f);
            }
            if (inode == nextInode) {
                nextInode++;
            }
            lastSiblings.add(f);
            totalBytes += e.size();
            files++;
        }

        /**
         * The metadata record of {@code path}. Entries come in path order and so do the
         * records: walking both together replaces a tree-map search per entry with about one
         * comparison. Where the orders part (the manifest sorts by UTF-8 bytes, the records by
         * UTF-16 units, which differ past U+FFFF) or an entry has no record, the map is searched.
         */
        private NodeMetadata metadataOf(String path) {
            while (metadataAt != null) {
                int c = metadataAt.getKey().compareTo(path);
                if (c == 0) {
                    return metadataAt.getValue();
                }
                if (c > 0) {
                    break;
                }
                metadataAt = metadataInOrder.hasNext() ? metadataInOrder.next() : null;
            }
            return metadata.get(path);
        }

        /** The directory holding {@code path}; siblings come together, so the last one found usually is. */
        private DirNode parentOf(String path) {
            int slash = path.lastIndexOf('/');
            if (lastParent != null && slash == lastParent.path().length() && path.startsWith(lastParent.path())) {
                return lastParent;
            }
            DirNode d = ensureDir(slash < 0 ? "" : path.substring(0, slash));
            if (d != null) {
                lastParent = d;
                lastSiblings = children.get(d);
            }
            return d;
        }

        private long time(String stamp) {
            if (stamp == null) {
                return rootMtime;
            }
            // Parsed manifests share one String per repeated timestamp.
            if (stamp != lastStamp) {
                lastStamp = stamp;
                lastTime = parsedTimes.computeIfAbsent(stamp, x -> ManifestTime.epochSeconds(x, rootMtime));
            }
            return lastTime;
        }

        /** The directory at {@code path}, created with its missing ancestors; null if a file is in the way. */
        private DirNode ensureDir(String path) {
            if (path.isEmpty()) {
                return root;
            }
            FsNode existing = byPath.get(path);
            if (existing != null) {
                return existing instanceof DirNode d ? d : null;
            }
            int slash = path.lastIndexOf('/');
            DirNode parent = ensureDir(slash < 0 ? "" : path.substring(0, slash));
            if (parent == null) {
                return null;
            }
            Entry own = explicitDirs.get(path);
            long mtime = own == null ? rootMtime : time(own.modified());
            DirNode d = new DirNode(nextInode++, path, mtime);
            NodeMetadata m = metadataOf(path);
            if (m != null && m.kind() == NodeKind.DIR) {
                d.meta(m);
            }
            byPath.put(path, d);
            children.put(d, new ArrayList<>());
            children.get(parent).add(d);
            return d;
        }
    }
}

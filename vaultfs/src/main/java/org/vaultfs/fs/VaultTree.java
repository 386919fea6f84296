package org.vaultfs.fs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
        return new Builder(entries, rootMtimeSeconds).build();
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

        Builder(List<Entry> entries, long rootMtime) {
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
            FileNode f = new FileNode(nextInode, e, time(e.modified()));
            if (byPath.putIfAbsent(path, f) != null) {
                return;
            }
            nextInode++;
            lastSiblings.add(f);
            totalBytes += e.size();
            files++;
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
            byPath.put(path, d);
            children.put(d, new ArrayList<>());
            children.get(parent).add(d);
            return d;
        }
    }
}

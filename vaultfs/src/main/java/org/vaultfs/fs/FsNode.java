package org.vaultfs.fs;

import org.vaultfs.metadata.NodeMetadata;

/** A file or directory of the mounted view. Immutable once the tree is built. */
public abstract sealed class FsNode permits DirNode, FileNode, SpecialNode {
    private final long inode;
    private final String path;
    private final String name; // kept: sorting and every readdir need it
    private final long mtimeSeconds;
    /** What the metadata extension stores for this path (SPEC.md §20), or null. */
    private NodeMetadata meta;

    FsNode(long inode, String path, long mtimeSeconds) {
        this.inode = inode;
        this.path = path;
        int slash = path.lastIndexOf('/');
        this.name = slash < 0 ? path : path.substring(slash + 1);
        this.mtimeSeconds = mtimeSeconds;
    }

    public long inode() {
        return inode;
    }

    /** The vault path ("" for the root). */
    public String path() {
        return path;
    }

    public String name() {
        return name;
    }

    public long mtimeSeconds() {
        return mtimeSeconds;
    }

    public NodeMetadata meta() {
        return meta;
    }

    void meta(NodeMetadata m) {
        this.meta = m;
    }

    /** Hard links of one file share an inode and count each other; 1 otherwise (directories count their own). */
    public long linkCount() {
        return 1;
    }

    public abstract boolean isDirectory();

    public abstract long size();
}

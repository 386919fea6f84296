package org.vaultfs.fs;

/** A file or directory of the mounted view. Immutable once the tree is built. */
public abstract sealed class FsNode permits DirNode, FileNode {
    private final long inode;
    private final String path;
    private final String name; // kept: sorting and every readdir need it
    private final long mtimeSeconds;

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

    public abstract boolean isDirectory();

    public abstract long size();
}

package org.vaultfs.fs;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A directory; its children are sorted by name once, at build time, so listing is a copy-free walk. */
public final class DirNode extends FsNode {
    private FsNode[] children = new FsNode[0];
    private int subdirCount;

    DirNode(long inode, String path, long mtimeSeconds) {
        super(inode, path, mtimeSeconds);
    }

    void setChildren(FsNode[] sorted) {
        this.children = sorted;
        int dirs = 0;
        for (FsNode c : sorted) {
            if (c.isDirectory()) {
                dirs++;
            }
        }
        this.subdirCount = dirs;
    }

    public List<FsNode> children() {
        return Collections.unmodifiableList(Arrays.asList(children));
    }

    public int childCount() {
        return children.length;
    }

    public FsNode child(int i) {
        return children[i];
    }

    /** Link count as POSIX filesystems report it: ".", the parent's entry, and each subdirectory's "..". */
    @Override
    public long linkCount() {
        return 2L + subdirCount;
    }

    @Override
    public boolean isDirectory() {
        return true;
    }

    @Override
    public long size() {
        return 4096;
    }
}

package org.vaultfs.fs;

import org.vaultfs.container.Entry;

/** A regular file backed by a manifest entry. */
public final class FileNode extends FsNode {
    private final Entry entry;

    FileNode(long inode, Entry entry, long mtimeSeconds) {
        super(inode, entry.path(), mtimeSeconds);
        this.entry = entry;
    }

    public Entry entry() {
        return entry;
    }

    @Override
    public boolean isDirectory() {
        return false;
    }

    @Override
    public long size() {
        return entry.size();
    }
}

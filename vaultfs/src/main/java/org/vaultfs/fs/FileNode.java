package org.vaultfs.fs;

import org.vaultfs.container.Entry;

/** A regular file backed by a manifest entry. */
public final class FileNode extends FsNode {
    private final Entry entry;
    private long links = 1;

    FileNode(long inode, Entry entry, long mtimeSeconds) {
        super(inode, entry.path(), mtimeSeconds);
        this.entry = entry;
    }

    @Override
    public long linkCount() {
        return links;
    }

    void linkCount(long n) {
        this.links = n;
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

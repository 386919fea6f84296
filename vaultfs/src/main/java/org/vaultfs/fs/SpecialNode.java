package org.vaultfs.fs;

import org.vaultfs.metadata.NodeMetadata;

/** A symlink, FIFO or device node the metadata extension holds (SPEC.md §20); no bytes to read. */
public final class SpecialNode extends FsNode {
    SpecialNode(long inode, String path, NodeMetadata meta) {
        super(inode, path, meta.mtimeSeconds());
        meta(meta);
    }

    @Override
    public boolean isDirectory() {
        return false;
    }

    /** A symlink's size is its target's length, as lstat reports it. */
    @Override
    public long size() {
        return meta().target() == null ? 0 : meta().target().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}

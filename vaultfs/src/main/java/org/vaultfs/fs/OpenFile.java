package org.vaultfs.fs;

import org.vaultfs.container.EntryLayout;

/** One open() of a file: its node, its chunk table and its access pattern. */
public final class OpenFile {
    private final FileNode node;
    private final EntryLayout layout;
    private final SequentialDetector pattern = new SequentialDetector();
    private final java.util.concurrent.atomic.AtomicInteger randomReads = new java.util.concurrent.atomic.AtomicInteger();

    OpenFile(FileNode node, EntryLayout layout) {
        this.node = node;
        this.layout = layout;
    }

    public FileNode node() {
        return node;
    }

    EntryLayout layout() {
        return layout;
    }

    SequentialDetector pattern() {
        return pattern;
    }

    /** Counts one more non-sequential read through this handle; returns the count. */
    int countRandomRead() {
        return randomReads.incrementAndGet();
    }
}

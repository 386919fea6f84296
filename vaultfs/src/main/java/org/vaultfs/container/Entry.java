package org.vaultfs.container;

import java.util.List;

/**
 * A manifest entry: a file or a directory. For a packed small file {@code packOffset} is the
 * offset of its first byte inside the first of its {@code chunks}; null for per-file entries.
 */
public record Entry(String path, long size, String modified, boolean isDir, List<String> chunks, Long packOffset) {

    public Entry {
        chunks = List.copyOf(chunks);
    }

    public static Entry directory(String path, String modified) {
        return new Entry(path, 0, modified, true, List.of(), null);
    }

    public Entry withPath(String newPath, String newModified) {
        return new Entry(newPath, size, newModified, isDir, chunks, packOffset);
    }

    public long offsetInChunks() {
        return packOffset == null ? 0 : packOffset;
    }

    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The parent path, or "" for entries at the root. */
    public String parent() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}

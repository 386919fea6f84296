package org.vaultfs.container;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A file entry whose chunk ids are still being computed by the ingest pipeline. */
final class PendingFile {
    final String path;
    final long size;
    final String modified;
    final List<CompletableFuture<String>> chunks;
    final Long packOffset;

    PendingFile(String path, long size, String modified, List<CompletableFuture<String>> chunks, Long packOffset) {
        this.path = path;
        this.size = size;
        this.modified = modified;
        this.chunks = chunks;
        this.packOffset = packOffset;
    }

    Entry resolve() {
        List<String> ids = new ArrayList<>(chunks.size());
        for (CompletableFuture<String> f : chunks) {
            ids.add(f.join());
        }
        return new Entry(path, size, modified, false, ids, packOffset);
    }
}

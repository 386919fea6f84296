package org.vaultfs.fs;

import java.util.ArrayList;
import java.util.List;
import org.vaultfs.container.ChunkCheckpoints;

/**
 * The checkpoints of raw chunks authenticated before (about 0.4% of their size), in an LRU of
 * its own budget. A read of such a chunk whose plaintext is not cached costs the 4 KiB
 * segments it touches instead of the whole chunk: what makes random reads over files larger
 * than the plaintext cache affordable, since the format's chunks average 1 MiB and SIV
 * authenticates a whole chunk at once. Dropped checkpoints are destroyed (their keys zeroed).
 */
final class CheckpointCache {
    private final long capacity;
    private final ByteBoundedLru<String, ChunkCheckpoints> lru = new ByteBoundedLru<>(ChunkCheckpoints::retainedBytes);
    private boolean closed; // guarded by this

    CheckpointCache(long capacityBytes) {
        this.capacity = capacityBytes;
    }

    long capacity() {
        return capacity;
    }

    synchronized ChunkCheckpoints get(String id) {
        return lru.get(id);
    }

    synchronized boolean contains(String id) {
        return lru.containsKey(id);
    }

    /** Keeps {@code c} for chunk {@code id}, evicting the least recently used to stay in budget. */
    void put(String id, ChunkCheckpoints c) {
        List<ChunkCheckpoints> dropped = new ArrayList<>();
        synchronized (this) {
            if (closed || c.retainedBytes() > capacity) {
                dropped.add(c);
            } else if (lru.get(id) != null) {
                // Kept, the fresh ones dropped: the kept ones are long-lived objects already,
                // and replacing them on every sequential pass left the old generation
                // collecting a pass's worth of dead checkpoints each time. Still valid: when the
                // stored bytes change, a range read fails against them and drops them.
                dropped.add(c);
            } else {
                lru.put(id, c);
                while (lru.bytes() > capacity) {
                    dropped.add(lru.evictEldest());
                }
            }
        }
        // A reader still using one sees it destroyed and falls back to a full decode.
        dropped.forEach(ChunkCheckpoints::destroy);
    }

    /** Forgets {@code c} (found stale by a range read) if it is still the one kept for {@code id}. */
    void drop(String id, ChunkCheckpoints c) {
        synchronized (this) {
            lru.remove(id, c);
        }
        c.destroy();
    }

    void close() {
        List<ChunkCheckpoints> all;
        synchronized (this) {
            closed = true;
            all = lru.clear();
        }
        all.forEach(ChunkCheckpoints::destroy);
    }
}

package org.vaultfs.fs;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.container.ContainerReader;
import org.vaultfs.event.VaultEvent;
import org.vaultfs.event.VaultListener;

/**
 * One event per block served from parity, naming the file it belongs to: a repaired read
 * succeeds silently otherwise, and the operator needs to know the vault wants a
 * {@code vault repair}. A block is reported once (the kernel re-reads, and a cache eviction
 * repairs again).
 */
public final class RepairLog {
    private final VaultListener listener;
    private final ContainerReader reader;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private Map<String, Owners> owners; // by chunk id, built on first repair; guarded by this

    /** The first file (in manifest order) using a chunk, and how many files use it. */
    private static final class Owners {
        final String first;
        String last;
        int count;

        Owners(String first) {
            this.first = first;
        }

        void add(String path) {
            // A file that holds the same chunk twice (deduplicated) is still one file.
            if (!path.equals(last)) {
                count++;
                last = path;
            }
        }
    }

    public RepairLog(VaultListener listener, ContainerReader reader) {
        this.listener = listener;
        this.reader = reader;
    }

    public void repaired(ChunkRecord chunk) {
        if (reported.add(chunk.id())) {
            listener.on(new VaultEvent.BlockRepaired(chunk.id(), chunk.blockIndex(),
                    describe(chunk.id()) + " (block " + chunk.blockIndex() + "): repaired from parity"));
        }
    }

    /** The file owning the chunk; a pack shared by several small files names the first and counts the rest. */
    private synchronized String describe(String chunkId) {
        if (owners == null) {
            owners = new HashMap<>();
            for (Entry e : reader.entries()) {
                for (String id : e.chunks()) {
                    owners.computeIfAbsent(id, k -> new Owners(e.path())).add(e.path());
                }
            }
        }
        Owners o = owners.get(chunkId);
        if (o == null) {
            return "unreferenced chunk " + chunkId;
        }
        int more = o.count - 1;
        return VaultPaths.printable(o.first) + (more > 0 ? " (and " + more + " more file" + (more == 1 ? "" : "s") + ")" : "");
    }
}

package org.vaultfs.fs;

import org.vaultfs.event.VaultEvent;
import org.vaultfs.event.VaultListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.error.VaultException;

/**
 * Reports a damaged block once per (file, block): the kernel retries failed reads and
 * read-ahead, and a log repeating the same line thousands of times hides the one that matters.
 */
public final class DamageReporter {
    private final VaultListener listener;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public DamageReporter(VaultListener listener) {
        this.listener = listener;
    }

    public void report(FileNode file, ChunkRecord chunk, VaultException e) {
        if (reported.add(file.path() + "\0" + chunk.id())) {
            listener.on(new VaultEvent.BlockUnreadable(file.path(), chunk.id(), chunk.blockIndex(), e.failure().id(),
                    "EIO reading " + VaultPaths.printable(file.path()) + " (block " + chunk.blockIndex() + "): "
                    + e.failure().id() + ": " + e.getMessage()));
        }
    }
}

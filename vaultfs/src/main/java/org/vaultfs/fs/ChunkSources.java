package org.vaultfs.fs;

import org.vaultfs.container.BlockRepair;
import org.vaultfs.container.VaultReader;
import org.vaultfs.event.VaultListener;

/** Picks the chunk source for a read path: repairing from parity when the vault has any, else plain. */
public final class ChunkSources {
    private ChunkSources() {
    }

    /** {@code listener} hears of every repaired block. */
    public static ChunkSource forReader(VaultReader reader, VaultListener listener) {
        ChunkSource plain = new ReaderChunkSource(reader);
        if (!BlockRepair.available(reader)) {
            return plain;
        }
        return new RepairingChunkSource(plain, BlockRepair.of(reader), new RepairLog(listener, reader));
    }
}

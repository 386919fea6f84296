package org.vaultfs.fs;

import java.io.PrintStream;
import org.vaultfs.container.BlockRepair;
import org.vaultfs.container.VaultReader;

/** Picks the chunk source for a read path: repairing from parity when the vault has any, else plain. */
public final class ChunkSources {
    private ChunkSources() {
    }

    /** {@code log} gets one line per repaired block, starting with {@code prefix}. */
    public static ChunkSource forReader(VaultReader reader, PrintStream log, String prefix) {
        ChunkSource plain = new ReaderChunkSource(reader);
        if (!BlockRepair.available(reader)) {
            return plain;
        }
        return new RepairingChunkSource(plain, BlockRepair.of(reader), new RepairLog(log, prefix, reader));
    }
}

package org.vaultfs.cli;

import java.util.HashSet;
import java.util.Set;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.ContainerLineage;
import org.vaultfs.container.Entry;
import org.vaultfs.Vault;

/**
 * Totals of an unlocked vault. Dedup saving is the file bytes not backed by a block of their
 * own: logical bytes minus the plaintext of the distinct chunks they reference (packing puts
 * small files together without padding, so packing alone saves nothing here).
 */
record VaultStats(long entries, long files, long directories, long fileBytes, long chunks, long storedBytes,
                  long uniquePlaintextBytes) {

    static VaultStats of(Vault r) {
        long files = 0;
        long dirs = 0;
        long bytes = 0;
        Set<String> referenced = new HashSet<>();
        for (Entry e : r.entries()) {
            if (e.isDir()) {
                dirs++;
            } else {
                files++;
                bytes += e.size();
                referenced.addAll(e.chunks());
            }
        }
        // An AEROVAULT2 copy lists the original's chunks again under its own records: count each stored record once.
        int prefix = r.lineage() == ContainerLineage.AEROVAULT2 ? 4 : 8;
        Set<Long> seen = new HashSet<>();
        long stored = 0;
        long unique = 0;
        for (ChunkRecord c : r.chunkRecords()) {
            if (!seen.add(c.dataOffset())) {
                continue;
            }
            stored += prefix + c.blockLen();
            if (referenced.contains(c.id())) {
                unique += c.plaintextLen();
            }
        }
        return new VaultStats(files + dirs, files, dirs, bytes, seen.size(), stored, unique);
    }

    long dedupSavedBytes() {
        return Math.max(0, fileBytes - uniquePlaintextBytes);
    }
}

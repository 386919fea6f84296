package org.vaultfs.cli;

import java.util.HashSet;
import java.util.Set;
import org.vaultfs.container.ChunkRecord;
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
        long stored = 0;
        long unique = 0;
        for (ChunkRecord c : r.chunkRecords()) {
            stored += c.recordLen();
            if (referenced.contains(c.id())) {
                unique += c.plaintextLen();
            }
        }
        return new VaultStats(files + dirs, files, dirs, bytes, r.chunkRecords().size(), stored, unique);
    }

    long dedupSavedBytes() {
        return Math.max(0, fileBytes - uniquePlaintextBytes);
    }
}

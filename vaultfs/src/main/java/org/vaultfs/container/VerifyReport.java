package org.vaultfs.container;

import java.util.List;

/** Outcome of {@link VaultVerifier#verify}: every damaged block and every file it touches. */
public record VerifyReport(long blocksChecked, long bytesChecked, List<Damage> damaged, List<String> damagedFiles) {

    /** One block that failed a check, and why. */
    public record Damage(String chunkId, long blockIndex, String reason) {
    }

    public VerifyReport {
        damaged = List.copyOf(damaged);
        damagedFiles = List.copyOf(damagedFiles);
    }

    public boolean clean() {
        return damaged.isEmpty();
    }
}

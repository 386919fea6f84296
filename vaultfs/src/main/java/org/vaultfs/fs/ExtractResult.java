package org.vaultfs.fs;

import java.util.List;

/**
 * What an extraction did. {@code damaged} is empty unless salvage mode skipped files; each
 * skipped file is absent from the target (never left half-written).
 */
public record ExtractResult(long files, long directories, long bytes, List<Damaged> damaged, long nanos,
                            List<String> removedLeftovers, long specials, List<String> warnings) {

    /** A file that could not be read back from the vault, with the reason. */
    public record Damaged(String path, String reason) {
    }

    public ExtractResult {
        damaged = List.copyOf(damaged);
        removedLeftovers = List.copyOf(removedLeftovers);
    }

    public boolean complete() {
        return damaged.isEmpty();
    }
}

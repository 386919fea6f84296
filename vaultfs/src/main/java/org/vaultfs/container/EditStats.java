package org.vaultfs.container;

/**
 * What a committed edit did, for the CLI's one-line summary; {@code specialsRecorded} counts
 * the symlinks, FIFOs and device nodes kept in the metadata extension (SPEC.md §20).
 */
public record EditStats(long filesAdded, long bytesIn, long bytesStored, long dedupSavedBytes, long nanos, long specialsRecorded) {

    public EditStats(long filesAdded, long bytesIn, long bytesStored, long dedupSavedBytes, long nanos) {
        this(filesAdded, bytesIn, bytesStored, dedupSavedBytes, nanos, 0);
    }

    public double mibPerSecond() {
        return nanos == 0 ? 0 : bytesIn / 1048576.0 / (nanos / 1e9);
    }
}

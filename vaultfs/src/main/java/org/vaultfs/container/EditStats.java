package org.vaultfs.container;

/** What a committed edit did, for the CLI's one-line summary. */
public record EditStats(long filesAdded, long bytesIn, long bytesStored, long dedupSavedBytes, long nanos) {

    public double mibPerSecond() {
        return nanos == 0 ? 0 : bytesIn / 1048576.0 / (nanos / 1e9);
    }
}

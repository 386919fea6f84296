package org.vaultfs.container;

/**
 * One wrapper layer of the manifest's wrapper stack: algorithm id and version, plus the
 * zstd level (compression only) and the CDC bounds (chunking only) when recorded.
 */
public record AlgorithmSpec(String algorithmId, long algorithmVersion, Integer level, Bounds bounds) {

    /** Gear-CDC bounds as recorded on the chunking wrapper. */
    public record Bounds(long min, long avg, long max) {
    }

    public static AlgorithmSpec of(String id) {
        return new AlgorithmSpec(id, 1, null, null);
    }

    public String describe() {
        return algorithmId + " v" + algorithmVersion;
    }
}

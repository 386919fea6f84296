package org.vaultfs.container;

import java.util.ArrayList;
import java.util.List;
import org.vaultfs.ecc.AvecReport;

/**
 * What a {@link VaultDamage} analysis found, fixed once it is done: which region is damaged,
 * what authenticated (or rebuilt-and-authenticated) bytes replace it, and which parity can
 * rebuild the data. {@link VaultRepairer} decides and writes from this alone.
 *
 * @param headerBytes the authentic header (rebuilt from parity when {@code headerRebuilt})
 * @param storedManifest the authentic sealed manifest (rebuilt when {@code manifestRebuilt})
 * @param extensions the extension directory as it should be, null when unreadable and not rebuildable
 * @param canonicalExtensionDir the bytes that replace a damaged directory, or null
 * @param regions the data stream's (file position, length) pairs, for parity
 * @param sidecarDamaged the sidecar beside the vault is bound to it but has damaged parity or locator copies
 */
record DamageReport(long fileLen, VaultHeader header, byte[] headerBytes, Manifest manifest, byte[] storedManifest,
                    List<ExtensionEntry> extensions, byte[] canonicalExtensionDir, boolean headerRebuilt,
                    boolean manifestRebuilt, boolean extDirDamaged, boolean metaParityDamaged,
                    boolean embeddedParityDamaged, boolean sidecarStale, boolean sidecarDamaged,
                    List<ChunkRecord> damagedChunks, long[] regions, boolean dataParityFound, String paritySource,
                    AvecReport dataReport, List<String> problems) {

    DamageReport {
        headerBytes = headerBytes.clone();
        storedManifest = storedManifest.clone();
        extensions = extensions == null ? null : List.copyOf(extensions);
        canonicalExtensionDir = canonicalExtensionDir == null ? null : canonicalExtensionDir.clone();
        damagedChunks = List.copyOf(damagedChunks);
        regions = regions.clone();
        problems = List.copyOf(problems);
    }

    @Override
    public byte[] headerBytes() {
        return headerBytes.clone();
    }

    @Override
    public byte[] storedManifest() {
        return storedManifest.clone();
    }

    @Override
    public byte[] canonicalExtensionDir() {
        return canonicalExtensionDir == null ? null : canonicalExtensionDir.clone();
    }

    @Override
    public long[] regions() {
        return regions.clone();
    }

    boolean truncated() {
        return fileLen < header.extensionPayloadOffset() + header.extensionPayloadLen();
    }

    boolean parityDamaged() {
        return embeddedParityDamaged || sidecarDamaged || metaParityDamaged || sidecarStale;
    }

    /** Whether the vault file itself must be rewritten (anything but sidecar-only problems). */
    boolean vaultNeedsRewrite() {
        return headerRebuilt || manifestRebuilt || extDirDamaged || !damagedChunks.isEmpty() || embeddedParityDamaged
                || metaParityDamaged || truncated();
    }

    /** Whether the sidecar beside the vault must be regenerated from the authentic vault. */
    boolean sidecarNeedsRewrite() {
        return sidecarStale || sidecarDamaged;
    }

    /** The public summary: clean, repairable (a forecast the repair still re-verifies) or not. */
    ScrubReport toScrubReport() {
        boolean dataOk = damagedChunks.isEmpty() || dataParityFound && dataReport.repairable();
        boolean dirOk = !extDirDamaged || canonicalExtensionDir != null;
        boolean damaged = headerRebuilt || manifestRebuilt || extDirDamaged || !damagedChunks.isEmpty()
                || parityDamaged() || truncated();
        ScrubReport.State st = !damaged ? ScrubReport.State.CLEAN
                : dataOk && dirOk ? ScrubReport.State.REPAIRABLE : ScrubReport.State.UNREPAIRABLE;
        List<String> ids = new ArrayList<>();
        for (ChunkRecord r : damagedChunks) {
            ids.add("block " + r.blockIndex() + " (chunk " + r.id() + ")");
        }
        return new ScrubReport(st, manifest.chunks().size(), List.copyOf(ids), headerRebuilt, manifestRebuilt, extDirDamaged,
                parityDamaged(), sidecarStale, paritySource, dataReport, problems, false);
    }
}

package org.vaultfs.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vaultfs.ecc.EcGrid;

/**
 * Where a vault's parity is and, once the manifest is known, its level.
 *
 * @param placement "embedded", "detached" (a sidecar beside the vault), "both" or "none"
 * @param pct the manifest's error-correction percentage (the default grid's when embedded
 *     parity has none recorded); null when there is no parity or the manifest is still locked
 * @param grid the Reed-Solomon grid of {@code pct}, null with it
 */
public record ParityLayout(String placement, Integer pct, EcGrid grid) {
    /** No parity anywhere (an AEROVAULT2 vault has no place for it). */
    public static final ParityLayout NONE = new ParityLayout("none", null, null);

    /**
     * @param sidecarBeside the vault file, or null for a vault not in a local file
     * @param manifest null while the vault is locked
     */
    public static ParityLayout of(List<ExtensionEntry> extensions, Path sidecarBeside, Manifest manifest) {
        boolean embedded = VaultParity.embeds(extensions);
        boolean detached = sidecarBeside != null && Files.isRegularFile(VaultParity.sidecarFor(sidecarBeside));
        String where = embedded && detached ? "both" : embedded ? "embedded" : detached ? "detached" : "none";
        Integer pct = manifest == null || where.equals("none") ? null : manifest.errorCorrectionPct();
        if (pct == null && manifest != null && embedded) {
            pct = EcGrid.DEFAULT_PCT; // absent means the default grid (SPEC.md §13.3)
        }
        return new ParityLayout(where, pct, pct == null ? null : EcGrid.forManifestPct(pct));
    }
}

package org.vaultfs.container;

import java.util.List;
import org.vaultfs.ecc.ArrayStream;
import org.vaultfs.ecc.AvecPayload;
import org.vaultfs.ecc.AvecScanner;
import org.vaultfs.ecc.SidecarReader;
import org.vaultfs.error.VaultException;

/**
 * Whether a vault sidecar belongs to the authenticated vault beside it (SPEC.md §14.4). The
 * vault's own MAC and AEAD tags are the authority: a sidecar whose windows, length or parity
 * disagree with an authenticated header or manifest was written for another version of the
 * vault (an edit whose sidecar update never landed) and must never be used to "repair" it.
 */
final class SidecarBinding {
    private SidecarBinding() {
    }

    /** The command that rewrites a stale sidecar from the authentic vault. */
    static String regenerateHint(java.nio.file.Path vault) {
        return "'vault repair " + vault + "' regenerates it";
    }

    /**
     * Checks what an authenticated header alone can tell: the described vault length, the three
     * windows, and the header parity against the header bytes.
     *
     * @return null when bound, else why not
     */
    static String headerMismatch(SidecarReader sc, VaultHeader h, byte[] headerBytes) {
        List<SidecarReader.Segment> s = sc.segments();
        if (s.size() != 3) {
            return "it is not a vault sidecar (" + s.size() + " segments)";
        }
        long end = h.extensionPayloadOffset() + h.extensionPayloadLen();
        if (sc.totalLen() != end) {
            return "it describes a " + sc.totalLen() + "-byte vault, this vault is " + end + " bytes";
        }
        if (!window(s.get(VaultParity.SEG_HEADER), 0, VaultHeader.SIZE)
                || !window(s.get(VaultParity.SEG_MANIFEST), h.manifestOffset(), h.manifestLen())
                || !window(s.get(VaultParity.SEG_DATA), h.dataOffset(), h.dataLen())) {
            return "its header, manifest or data windows differ from this vault's";
        }
        return parityMismatch(sc, VaultParity.SEG_HEADER, headerBytes, "header");
    }

    /** Checks the manifest parity against an authenticated stored manifest; null when it matches. */
    static String manifestMismatch(SidecarReader sc, byte[] storedManifest) {
        return parityMismatch(sc, VaultParity.SEG_MANIFEST, storedManifest, "manifest");
    }

    private static boolean window(SidecarReader.Segment seg, long offset, long len) {
        return seg.windowOffset() == offset && seg.windowLen() == len;
    }

    /** Authenticated bytes flagged as damaged by the parity's checksums mean the parity is for other bytes. */
    private static String parityMismatch(SidecarReader sc, int seg, byte[] authentic, String what) {
        AvecPayload p;
        try {
            p = sc.payload(seg);
        } catch (VaultException e) {
            return null; // unreadable parity is reported as sidecar damage by its user, not as staleness
        }
        if (p == null) {
            return authentic.length == 0 ? null : "it holds no " + what + " parity";
        }
        if (p.geometry().totalLen() != authentic.length) {
            return "its " + what + " parity covers " + p.geometry().totalLen() + " bytes, the " + what + " is " + authentic.length;
        }
        long mismatched = AvecScanner.scan(new ArrayStream(authentic.clone()), p, 1, AvecScanner.DISCARD).damagedData();
        return mismatched == 0 ? null
                : "its " + what + " parity does not match this vault's authenticated " + what + " (" + mismatched + " shard(s) differ)";
    }
}

package org.vaultfs.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vaultfs.ecc.ArrayStream;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.ecc.AvecEncoder;
import org.vaultfs.ecc.AvecGeometry;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.ecc.RegionStream;
import org.vaultfs.ecc.SidecarWriter;
import org.vaultfs.ecc.StandaloneCorrector;
import org.vaultfs.ecc.StreamSink;
import org.vaultfs.error.VaultException;

/**
 * What a v4 vault's parity protects and how it is laid out (SPEC.md §13.1, §14.4): the
 * embedded extensions and the three-segment vault sidecar.
 */
public final class VaultParity {
    public static final String ALGORITHM = "reed-solomon";
    public static final long ALGORITHM_VERSION = 1;
    /** Vault sidecar segments, in their fixed order. */
    public static final int SEG_HEADER = 0;
    public static final int SEG_MANIFEST = 1;
    public static final int SEG_DATA = 2;

    private VaultParity() {
    }

    /** Beside the real file, wherever a symlink to the vault sits: readers and writers agree on one sidecar. */
    public static Path sidecarFor(Path vault) {
        return StandaloneCorrector.sidecarFor(RealTarget.of(vault));
    }

    /**
     * Why the sidecar beside an opened vault does not belong to it (SPEC.md §14.4), or empty
     * when there is none, or it is bound. For commands that do not otherwise read parity
     * (verify), so a sidecar left stale by an interrupted edit is reported by the next check.
     */
    public static java.util.Optional<String> staleSidecar(VaultReader r) {
        Path local = r.localPath().orElse(null);
        Path sc = local == null ? null : sidecarFor(local);
        if (sc == null || !java.nio.file.Files.isRegularFile(sc)) {
            return java.util.Optional.empty();
        }
        VaultHeader h = r.header();
        try (org.vaultfs.ecc.SidecarReader reader = org.vaultfs.ecc.SidecarReader.open(sc)) {
            String why = SidecarBinding.headerMismatch(reader, h, h.toBytes());
            if (why == null && h.manifestLen() <= ReaderLimits.MAX_MANIFEST) {
                why = SidecarBinding.manifestMismatch(reader, r.file().readExact(h.manifestOffset(), h.manifestLen(), "manifest"));
            }
            return java.util.Optional.ofNullable(why).map(w -> "sidecar " + sc.getFileName() + " is stale: " + w
                    + "; " + SidecarBinding.regenerateHint(local));
        } catch (VaultException e) {
            return java.util.Optional.of("sidecar " + sc.getFileName() + " is unusable: " + e.getMessage());
        }
    }

    /**
     * File regions (absolute position, length) of every chunk record's {@code [u64 len][block]}
     * in data-offset order; a record outside the data section contributes nothing, as in the
     * reference.
     */
    public static long[] dataRegions(Manifest m, long dataOffset, long dataLen) {
        List<ChunkRecord> recs = protectedRecords(m, dataLen);
        long[] r = new long[recs.size() * 2];
        int n = 0;
        for (ChunkRecord c : recs) {
            r[n++] = dataOffset + c.dataOffset();
            r[n++] = c.recordLen();
        }
        return r;
    }

    /**
     * The records the data stream is made of, in stream order: data-offset order (ties keep
     * manifest order), skipping any record outside the data section.
     */
    static List<ChunkRecord> protectedRecords(Manifest m, long dataLen) {
        List<ChunkRecord> recs = new ArrayList<>(m.chunks().values());
        recs.sort(Comparator.comparingLong(ChunkRecord::dataOffset));
        recs.removeIf(c -> !inDataSection(c, dataLen));
        return recs;
    }

    private static boolean inDataSection(ChunkRecord c, long dataLen) {
        long len = c.blockLen() + 8;
        return c.dataOffset() >= 0 && len > 0 && c.dataOffset() + len > 0 && c.dataOffset() + len <= dataLen;
    }

    public static long streamLength(long[] regions) {
        long t = 0;
        for (int i = 1; i < regions.length; i += 2) {
            t += regions[i];
        }
        return t;
    }

    public static ExtensionEntry dataEntry(long length) {
        return new ExtensionEntry(ExtensionEntry.EC_DATA, ALGORITHM, ALGORITHM_VERSION, false, 0, length);
    }

    public static ExtensionEntry metadataEntry(long offset, long length) {
        return new ExtensionEntry(ExtensionEntry.EC_METADATA, ALGORITHM, ALGORITHM_VERSION, false, offset, length);
    }

    public static boolean embeds(List<ExtensionEntry> exts) {
        return exts.stream().anyMatch(x -> x.extensionId().equals(ExtensionEntry.EC_DATA));
    }

    /**
     * Writes both embedded payloads of a vault whose header and directory are final: data
     * parity streamed from {@code file}'s own data section, manifest parity from the stored
     * manifest bytes.
     */
    static void writeEmbedded(FileChannel file, StreamSink sink, VaultHeader h, Manifest m, byte[] storedManifest,
                              List<ExtensionEntry> exts, int threads) {
        EcGrid grid = EcGrid.forManifestPct(m.errorCorrectionPct());
        for (ExtensionEntry x : exts) {
            long at = h.extensionPayloadOffset() + x.offset();
            if (x.extensionId().equals(ExtensionEntry.EC_DATA)) {
                RegionStream data = new RegionStream(file, dataRegions(m, h.dataOffset(), h.dataLen()));
                AvecEncoder.encode(data, grid, sink, at, threads, AvecEncoder.NONE);
            } else if (x.extensionId().equals(ExtensionEntry.EC_METADATA)) {
                AvecEncoder.encode(new ArrayStream(storedManifest), grid, sink, at, threads, AvecEncoder.NONE);
            }
        }
    }

    /** Payload lengths of the two embedded extensions for this data stream and manifest. */
    static long[] embeddedLengths(Manifest m, long dataStreamLen, long manifestLen) {
        EcGrid grid = EcGrid.forManifestPct(m.errorCorrectionPct());
        return new long[] {AvecGeometry.payloadLength(dataStreamLen, grid), AvecGeometry.payloadLength(manifestLen, grid)};
    }

    /**
     * Writes {@code out} (atomically): the three-segment sidecar of the vault at {@code vault},
     * whose authenticated header and manifest the caller supplies.
     *
     * @return the sidecar length
     */
    public static long exportSidecar(Path vault, VaultHeader h, Manifest m, Path out, int threads) {
        try (AtomicFile af = AtomicFile.beside(out)) {
            long len = writeSidecar(vault, h, m, af, threads);
            af.commit();
            return len;
        }
    }

    /**
     * Writes the sidecar of the vault bytes at {@code vault} into {@code af} without committing
     * it, so an edit can have its new sidecar complete on disk before its vault is renamed in.
     */
    static long writeSidecar(Path vault, VaultHeader h, Manifest m, AtomicFile af, int threads) {
        EcGrid grid = EcGrid.forManifestPct(m.errorCorrectionPct());
        try (FileChannel in = FileChannel.open(vault, StandardOpenOption.READ)) {
            byte[] sha = StandaloneCorrector.sha256(in);
            byte[] header = new byte[VaultHeader.SIZE];
            RegionStream.of(in, 0, VaultHeader.SIZE).read(0, header, 0, header.length);
            List<SidecarWriter.Window> w = List.of(
                    new SidecarWriter.Window(0, VaultHeader.SIZE, new ArrayStream(header)),
                    new SidecarWriter.Window(h.manifestOffset(), h.manifestLen(), RegionStream.of(in, h.manifestOffset(), h.manifestLen())),
                    new SidecarWriter.Window(h.dataOffset(), h.dataLen(), new RegionStream(in, dataRegions(m, h.dataOffset(), h.dataLen()))));
            return SidecarWriter.write(af.sink(), in.size(), w, grid, threads, SidecarWriter.precomputed(sha));
        } catch (IOException e) {
            throw VaultException.io("cannot read " + vault, e);
        }
    }
}

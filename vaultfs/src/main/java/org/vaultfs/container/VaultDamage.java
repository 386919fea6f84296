package org.vaultfs.container;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.vaultfs.chunking.Hex;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.ecc.ArrayStream;
import org.vaultfs.ecc.AvecGeometry;
import org.vaultfs.ecc.AvecPayload;
import org.vaultfs.ecc.AvecReport;
import org.vaultfs.ecc.AvecScanner;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.ecc.RegionStream;
import org.vaultfs.ecc.SidecarReader;
import org.vaultfs.ecc.StreamSource;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * A read-only damage analysis of one vault, tolerant of exactly the damage parity can fix:
 * a header, manifest or extension directory that fails is rebuilt in memory from parity
 * (sidecar or embedded) and accepted only once it authenticates; then every block is checked
 * against its {@code cipher_hash} and the data parity is scanned.
 */
final class VaultDamage implements AutoCloseable {
    final Path path;
    final FileChannel file;
    final long fileLen;
    final SidecarReader sidecar;
    final List<String> problems = new ArrayList<>();
    byte[] headerBytes;
    VaultHeader header;
    VaultKeys keys;
    byte[] storedManifest;
    Manifest manifest;
    List<ExtensionEntry> extensions;
    byte[] canonicalExtensionDir;
    boolean headerRebuilt;
    boolean manifestRebuilt;
    boolean extDirDamaged;
    boolean metaParityDamaged;
    long[] regions;
    final List<ChunkRecord> damagedChunks = new ArrayList<>();
    AvecPayload dataParity;
    String paritySource = "none";
    AvecReport dataReport = AvecReport.EMPTY;

    private VaultDamage(Path path, FileChannel file, long fileLen, SidecarReader sidecar) {
        this.path = path;
        this.file = file;
        this.fileLen = fileLen;
        this.sidecar = sidecar;
    }

    static VaultDamage analyse(Path vault, byte[] password, PasswordKdf kdf, int threads) {
        FileChannel ch;
        try {
            ch = FileChannel.open(vault, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "no such file: " + vault);
        } catch (IOException e) {
            throw VaultException.io("cannot open " + vault, e);
        }
        SidecarReader sc = null;
        VaultDamage d = null;
        try {
            Path scPath = VaultParity.sidecarFor(vault);
            List<String> early = new ArrayList<>();
            if (Files.exists(scPath)) {
                try {
                    sc = SidecarReader.open(scPath);
                    if (sc.segments().size() != 3) {
                        early.add("sidecar " + scPath.getFileName() + " is not a vault sidecar (" + sc.segments().size() + " segments); ignored");
                        sc.close();
                        sc = null;
                    } else if (sc.damagedLocatorCopies() > 0) {
                        early.add("sidecar locator: " + sc.damagedLocatorCopies() + " of 3 copies damaged (recovered)");
                    }
                } catch (VaultException e) {
                    early.add("sidecar unusable: " + e.getMessage());
                }
            }
            d = new VaultDamage(vault, ch, ch.size(), sc);
            d.problems.addAll(early);
            d.run(password, kdf, threads);
            return d;
        } catch (IOException e) {
            closeAll(ch, sc, d);
            throw VaultException.io("cannot read " + vault, e);
        } catch (RuntimeException e) {
            closeAll(ch, sc, d);
            throw e;
        }
    }

    private static void closeAll(FileChannel ch, SidecarReader sc, VaultDamage d) {
        if (d != null) {
            d.close();
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // read-only
        }
        if (sc != null) {
            sc.close();
        }
    }

    private StreamSource fileRange(long pos, long len) {
        return RegionStream.of(file, pos, len);
    }

    private byte[] read(long pos, long len, String what) {
        if (len < 0 || len > Integer.MAX_VALUE - 16) {
            throw new VaultException(Failure.BOUNDS, what + " length is out of range");
        }
        byte[] b = new byte[(int) len];
        fileRange(pos, len).read(0, b, 0, b.length);
        return b;
    }

    /** Rebuilds {@code bytes} in place from {@code payload}; true when every damaged shard came back. */
    private static boolean rebuild(byte[] bytes, AvecPayload payload) {
        ArrayStream s = new ArrayStream(bytes);
        return AvecScanner.scan(s, payload, 1, AvecScanner.patchInto(s)).repairable();
    }

    private AvecPayload sidecarPayload(int seg, long expectedLen) {
        if (sidecar == null) {
            return null;
        }
        try {
            AvecPayload p = sidecar.payload(seg);
            return p != null && p.geometry().totalLen() == expectedLen ? p : null;
        } catch (VaultException e) {
            problems.add("sidecar segment " + seg + " parity unusable: " + e.getMessage());
            return null;
        }
    }

    private void run(byte[] password, PasswordKdf kdf, int threads) {
        unlockHeader(password, kdf);
        header.checkLayout();
        if (fileLen < header.extensionPayloadOffset + header.extensionPayloadLen) {
            problems.add("vault is truncated: " + fileLen + " bytes, the header describes "
                    + (header.extensionPayloadOffset + header.extensionPayloadLen));
        }
        if (header.manifestLen > ReaderLimits.MAX_MANIFEST || header.extensionDirLen > ReaderLimits.MAX_EXTENSION_DIR) {
            throw new VaultException(Failure.BOUNDS, "manifest or extension directory exceeds the reader limits");
        }
        readExtensions();
        openManifest();
        checkExtensionDirectory();
        regions = VaultParity.dataRegions(manifest, header.dataOffset, header.dataLen);
        checkBlocks(threads);
        scanDataParity(threads);
    }

    private void unlockHeader(byte[] password, PasswordKdf kdf) {
        headerBytes = read(0, VaultHeader.SIZE, "header");
        AvecPayload hp = sidecarPayload(VaultParity.SEG_HEADER, VaultHeader.SIZE);
        if (hp != null) {
            byte[] copy = headerBytes.clone();
            if (rebuild(copy, hp) && !Arrays.equals(copy, headerBytes)) {
                // Parity says the header rotted: try the rebuilt one; its MAC is the proof.
                try {
                    keys = unlock(VaultHeader.parse(copy), password, kdf);
                    header = VaultHeader.parse(copy);
                    headerBytes = copy;
                    headerRebuilt = true;
                    problems.add("header damaged (rebuilt from sidecar parity)");
                    return;
                } catch (VaultException e) {
                    problems.add("header rebuilt from sidecar parity did not authenticate: " + e.getMessage());
                }
            }
        }
        header = VaultHeader.parse(headerBytes);
        keys = unlock(header, password, kdf);
    }

    private static VaultKeys unlock(VaultHeader h, byte[] password, PasswordKdf kdf) {
        if (h.isPlaintextLane()) {
            VaultKeys k = VaultKeys.plaintextLane();
            h.verifyMac(k.macKey());
            return k;
        }
        byte[] kek = kdf.derive(password, h.salt);
        try {
            return VaultKeys.unlock(h, kek);
        } finally {
            Wipe.zero(kek);
        }
    }

    private void readExtensions() {
        try {
            extensions = ManifestJson.readExtensions(read(header.extensionDirOffset, header.extensionDirLen, "extension directory"));
        } catch (VaultException e) {
            extensions = null;
            extDirDamaged = true;
            problems.add("extension directory damaged: " + e.getMessage());
        }
    }

    private Manifest tryOpen(byte[] stored) {
        byte[] json = ManifestCrypto.open(keys, header.isPlaintextLane(), stored);
        try {
            return ManifestJson.read(json);
        } finally {
            if (!header.isPlaintextLane()) {
                Wipe.zero(json);
            }
        }
    }

    private void openManifest() {
        storedManifest = read(header.manifestOffset, header.manifestLen, "manifest");
        VaultException first;
        try {
            manifest = tryOpen(storedManifest);
            checkMetaParity();
            return;
        } catch (VaultException e) {
            first = e;
        }
        for (AvecPayload p : manifestParitySources()) {
            byte[] copy = storedManifest.clone();
            if (!rebuild(copy, p)) {
                continue;
            }
            try {
                manifest = tryOpen(copy);
                storedManifest = copy;
                manifestRebuilt = true;
                problems.add("manifest damaged (rebuilt from parity, authenticated)");
                return;
            } catch (VaultException e) {
                // this source did not produce an authentic manifest; try the next
            }
        }
        throw new VaultException(first.failure(), first.getMessage() + "; no parity could rebuild it");
    }

    /** Embedded metadata parity (found via the directory, or guessed from the MAC-covered lengths) then the sidecar's. */
    private List<AvecPayload> manifestParitySources() {
        List<AvecPayload> out = new ArrayList<>();
        long payloadEnd = header.extensionPayloadOffset + header.extensionPayloadLen;
        if (extensions != null) {
            for (ExtensionEntry x : extensions) {
                if (x.extensionId().equals(ExtensionEntry.EC_METADATA) && x.length() > 0
                        && x.offset() + x.length() <= header.extensionPayloadLen) {
                    addIfFits(out, fileRange(header.extensionPayloadOffset + x.offset(), x.length()));
                }
            }
        } else {
            // The directory is unreadable, but the metadata payload is last in the payload area
            // and its length follows from the manifest length for one of the few possible grids.
            for (int pct = EcGrid.MIN_PCT; pct <= EcGrid.MAX_PCT; pct++) {
                long len = AvecGeometry.payloadLength(header.manifestLen, EcGrid.forPct(pct));
                if (len > 0 && len <= header.extensionPayloadLen) {
                    addIfFits(out, fileRange(payloadEnd - len, len));
                }
            }
        }
        AvecPayload sc = sidecarPayload(VaultParity.SEG_MANIFEST, header.manifestLen);
        if (sc != null) {
            out.add(sc);
        }
        return out;
    }

    private void addIfFits(List<AvecPayload> out, StreamSource s) {
        try {
            AvecPayload p = AvecPayload.open(s, null);
            if (p.geometry().totalLen() == header.manifestLen) {
                out.add(p);
            }
        } catch (VaultException e) {
            // not a usable payload at this place
        }
    }

    private void checkMetaParity() {
        for (AvecPayload p : manifestParitySources()) {
            AvecReport r = AvecScanner.scan(new ArrayStream(storedManifest.clone()), p, 1, AvecScanner.DISCARD);
            if (r.damagedParity() > 0) {
                metaParityDamaged = true;
                problems.add("manifest parity has " + r.damagedParity() + " damaged shard(s)");
            }
            return;
        }
    }

    /**
     * A vault with an error-correction percentage whose payload area has exactly the size of
     * the two v4 payloads must carry the canonical v4 directory; a directory that differs (or
     * does not parse) is damage, and the canonical one is its repair.
     */
    private void checkExtensionDirectory() {
        if (manifest.errorCorrectionPct == null || header.extensionPayloadLen == 0) {
            if (extDirDamaged) {
                problems.add("extension directory cannot be rebuilt (vault has no embedded parity layout)");
            }
            return;
        }
        long streamLen = VaultParity.streamLength(VaultParity.dataRegions(manifest, header.dataOffset, header.dataLen));
        long[] lens = VaultParity.embeddedLengths(manifest, streamLen, header.manifestLen);
        List<ExtensionEntry> canon = List.of(VaultParity.dataEntry(lens[0]), VaultParity.metadataEntry(lens[0], lens[1]));
        byte[] bytes = ManifestJson.writeExtensions(canon);
        if (lens[0] + lens[1] != header.extensionPayloadLen || bytes.length != header.extensionDirLen) {
            if (extDirDamaged) {
                problems.add("extension directory cannot be rebuilt (payload area holds other extensions)");
            }
            return;
        }
        byte[] stored = read(header.extensionDirOffset, header.extensionDirLen, "extension directory");
        if (!Arrays.equals(bytes, stored)) {
            if (!extDirDamaged) {
                problems.add("extension directory damaged (differs from the canonical v4 directory)");
            }
            extDirDamaged = true;
            canonicalExtensionDir = bytes;
            extensions = canon;
        }
    }

    /** Hashes every block on {@code threads} threads (positional reads share the channel safely). */
    private void checkBlocks(int threads) {
        List<ChunkRecord> recs = new ArrayList<>(manifest.chunks.values());
        recs.sort(Comparator.comparingLong(ChunkRecord::dataOffset));
        java.util.function.Predicate<ChunkRecord> damaged =
                r -> !blockIntact(fileRange(header.dataOffset + r.dataOffset(), r.recordLen()), r);
        if (threads <= 1 || recs.size() < 2) {
            recs.stream().filter(damaged).forEach(damagedChunks::add);
            return;
        }
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            damagedChunks.addAll(pool.submit(() -> recs.parallelStream().filter(damaged).toList()).join());
        } finally {
            pool.shutdown();
        }
    }

    /** Length prefix equals {@code block_len} and BLAKE3 of the block equals {@code cipher_hash}. */
    static boolean blockIntact(StreamSource record, ChunkRecord r) {
        if (r.dataOffset() < 0 || r.blockLen() < 0 || r.blockLen() > ReaderLimits.MAX_PLAINTEXT_BLOCK + 1024) {
            return false;
        }
        byte[] prefix = new byte[8];
        record.read(0, prefix, 0, 8);
        if (LittleEndian.getLong(prefix, 0) != r.blockLen()) {
            return false;
        }
        Blake3 h = Blake3.newHasher();
        byte[] buf = new byte[(int) Math.min(1 << 20, Math.max(1, r.blockLen()))];
        for (long done = 0; done < r.blockLen(); ) {
            int n = (int) Math.min(buf.length, r.blockLen() - done);
            record.read(8 + done, buf, 0, n);
            h.update(buf, 0, n);
            done += n;
        }
        return Hex.encode(h.finish()).equals(r.cipherHash());
    }

    private void scanDataParity(int threads) {
        long streamLen = VaultParity.streamLength(regions);
        List<Object[]> sources = new ArrayList<>();
        AvecPayload sc = sidecarPayload(VaultParity.SEG_DATA, streamLen);
        if (sc != null) {
            sources.add(new Object[] {"detached", sc});
        }
        if (extensions != null) {
            for (ExtensionEntry x : extensions) {
                if (x.extensionId().equals(ExtensionEntry.EC_DATA) && x.length() > 0
                        && x.offset() + x.length() <= header.extensionPayloadLen) {
                    try {
                        AvecPayload p = AvecPayload.open(fileRange(header.extensionPayloadOffset + x.offset(), x.length()), null);
                        if (p.geometry().totalLen() == streamLen) {
                            sources.add(new Object[] {"embedded", p});
                        }
                    } catch (VaultException e) {
                        problems.add("embedded data parity unusable: " + e.getMessage());
                    }
                }
            }
        }
        RegionStream stream = new RegionStream(file, regions);
        for (Object[] s : sources) {
            AvecReport r = AvecScanner.scan(stream, (AvecPayload) s[1], threads, AvecScanner.DISCARD);
            if (dataParity == null || r.repairable() && !dataReport.repairable()) {
                dataParity = (AvecPayload) s[1];
                paritySource = (String) s[0];
                dataReport = r;
            }
            if (r.damagedParity() > 0) {
                problems.add(s[0] + " data parity has " + r.damagedParity() + " damaged shard(s)");
            }
        }
        if (!damagedChunks.isEmpty() && dataParity == null) {
            problems.add("no usable data parity (no embedded extension, no matching sidecar)");
        }
    }

    boolean parityDamaged() {
        return dataReport.damagedParity() > 0 || metaParityDamaged
                || sidecar != null && sidecar.damagedLocatorCopies() > 0;
    }

    boolean truncated() {
        return fileLen < header.extensionPayloadOffset + header.extensionPayloadLen;
    }

    ScrubReport report() {
        boolean dataOk = damagedChunks.isEmpty() || dataParity != null && dataReport.repairable();
        boolean dirOk = !extDirDamaged || canonicalExtensionDir != null;
        boolean damaged = headerRebuilt || manifestRebuilt || extDirDamaged || !damagedChunks.isEmpty()
                || parityDamaged() || truncated();
        // A repair re-verifies everything it writes, so "repairable" here is a forecast it still checks.
        ScrubReport.State st = !damaged ? ScrubReport.State.CLEAN
                : dataOk && dirOk ? ScrubReport.State.REPAIRABLE : ScrubReport.State.UNREPAIRABLE;
        List<String> ids = new ArrayList<>();
        for (ChunkRecord r : damagedChunks) {
            ids.add("block " + r.blockIndex() + " (chunk " + r.id() + ")");
        }
        return new ScrubReport(st, manifest.chunks.size(), List.copyOf(ids), headerRebuilt, manifestRebuilt, extDirDamaged,
                parityDamaged(), paritySource, dataReport, List.copyOf(problems), false);
    }

    @Override
    public void close() {
        if (keys != null) {
            keys.close();
        }
        if (sidecar != null) {
            sidecar.close();
        }
        try {
            file.close();
        } catch (IOException e) {
            // read-only
        }
    }
}

package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.vaultfs.source.FileSource;
import org.vaultfs.source.VaultSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.vaultfs.bytes.Hex;
import org.vaultfs.bytes.ScratchPool;
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
 * against its {@code cipher_hash} and the data parity is scanned. The findings are an
 * immutable {@link DamageReport}; this object keeps only what a repair reads through: the
 * open vault, its keys and the chosen data parity.
 *
 * <p>Its length is one ordered analysis (header, extension directory, manifest, blocks, then
 * each parity source) whose steps depend on what the earlier ones authenticated; split
 * apart, each step would need the whole state passed along.
 */
final class VaultDamage implements AutoCloseable {
    private final Path path;
    /** The local file (repair copies it); null for a vault read from another source. */
    private final FileChannel file;
    private final VaultSource source;
    private final long fileLen;
    private SidecarReader sidecar;
    /** A sidecar sat beside the vault but belongs to another version of it (never used). */
    private boolean sidecarStale;
    private final List<String> problems = new ArrayList<>();
    private byte[] headerBytes;
    private VaultHeader header;
    private VaultKeys keys;
    private byte[] storedManifest;
    private Manifest manifest;
    private List<ExtensionEntry> extensions;
    private byte[] canonicalExtensionDir;
    private boolean headerRebuilt;
    private boolean manifestRebuilt;
    private boolean extDirDamaged;
    private boolean metaParityDamaged;
    private boolean embeddedParityDamaged;
    private boolean detachedParityDamaged;
    private long[] regions;
    private final List<ChunkRecord> damagedChunks = new ArrayList<>();
    private AvecPayload dataParity;
    private String paritySource = "none";
    private AvecReport dataReport = AvecReport.EMPTY;
    private DamageReport report;

    private VaultDamage(Path path, FileChannel file, VaultSource source, long fileLen, SidecarReader sidecar) {
        this.path = path;
        this.file = file;
        this.source = source;
        this.fileLen = fileLen;
        this.sidecar = sidecar;
    }

    /**
     * The analysis of a vault read from {@code source} (object storage, say): no sidecar beside
     * it, read-only. The source stays the caller's.
     */
    static VaultDamage analyse(VaultSource source, byte[] password, PasswordKdf kdf, int threads) {
        VaultDamage d = null;
        try {
            d = new VaultDamage(null, null, source, source.size(), null);
            d.run(password, kdf, threads);
            return d;
        } catch (IOException e) {
            throw VaultException.io("cannot read " + source.name(), e);
        } catch (RuntimeException e) {
            if (d != null) {
                d.close();
            }
            throw e;
        }
    }

    static VaultDamage analyse(Path vault, byte[] password, PasswordKdf kdf, int threads) {
        return analyse(vault, password, kdf, threads, List.of());
    }

    /** {@code removedLeftovers}: temp files a killed writer left, named first among the problems. */
    static VaultDamage analyse(Path vault, byte[] password, PasswordKdf kdf, int threads, List<String> removedLeftovers) {
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
                        early.add("sidecar " + scPath.getFileName() + " is a plain file's sidecar (" + sc.segments().size()
                                + " windows), not a vault's; ignored here ('vault correct verify " + vault + "' uses it)");
                        sc.close();
                        sc = null;
                    } else if (sc.damagedLocatorCopies() > 0) {
                        early.add("sidecar locator: " + sc.damagedLocatorCopies() + " of 3 copies damaged (recovered)");
                    }
                } catch (VaultException e) {
                    early.add("sidecar unusable: " + e.getMessage());
                }
            }
            d = new VaultDamage(vault, ch, FileSource.over(ch, vault.toString()), ch.size(), sc);
            for (String name : removedLeftovers) {
                d.problems.add("removed " + name + ", left by an interrupted write");
            }
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
        return RegionStream.of(source, pos, len);
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
        if (fileLen < header.extensionPayloadOffset() + header.extensionPayloadLen()) {
            problems.add("vault is truncated: " + fileLen + " bytes, the header describes "
                    + (header.extensionPayloadOffset() + header.extensionPayloadLen()));
        }
        if (header.manifestLen() > ReaderLimits.MAX_MANIFEST || header.extensionDirLen() > ReaderLimits.MAX_EXTENSION_DIR) {
            throw new VaultException(Failure.BOUNDS, "manifest or extension directory exceeds the reader limits");
        }
        readExtensions();
        openManifest();
        checkExtensionDirectory();
        regions = VaultParity.dataRegions(manifest, header.dataOffset(), header.dataLen());
        checkBlocks(threads);
        scanDataParity(threads);
        report = new DamageReport(fileLen, header, headerBytes, manifest, storedManifest, extensions, canonicalExtensionDir,
                headerRebuilt, manifestRebuilt, extDirDamaged, metaParityDamaged, embeddedParityDamaged, sidecarStale,
                sidecar != null && (detachedParityDamaged || sidecar.damagedLocatorCopies() > 0),
                damagedChunks, regions, dataParity != null, paritySource, dataReport, problems);
    }

    /**
     * The on-disk header is the authority whenever it authenticates: parity is consulted only
     * for a header that fails, and a rebuilt one is accepted only if it authenticates and
     * describes a file of this length (a header for another length belongs to another version).
     */
    private void unlockHeader(byte[] password, PasswordKdf kdf) {
        headerBytes = read(0, VaultHeader.SIZE, "header");
        try {
            header = VaultHeader.parse(headerBytes);
            keys = unlock(header, password, kdf);
            checkSidecarAgainstHeader();
            return;
        } catch (VaultException onDisk) {
            if (!tryHeaderFromSidecar(password, kdf)) {
                throw onDisk;
            }
        }
    }

    private boolean tryHeaderFromSidecar(byte[] password, PasswordKdf kdf) {
        AvecPayload hp = sidecarPayload(VaultParity.SEG_HEADER, VaultHeader.SIZE);
        if (hp == null) {
            return false;
        }
        byte[] copy = headerBytes.clone();
        if (!rebuild(copy, hp) || Arrays.equals(copy, headerBytes)) {
            return false;
        }
        try {
            VaultHeader h = VaultHeader.parse(copy);
            if (h.extensionPayloadOffset() + h.extensionPayloadLen() != fileLen) {
                problems.add("header rebuilt from sidecar parity describes a vault of another length; sidecar is stale");
                return false;
            }
            keys = unlock(h, password, kdf);
            header = h;
        } catch (VaultException e) {
            problems.add("header rebuilt from sidecar parity did not authenticate: " + e.getMessage());
            return false;
        }
        headerBytes = copy;
        headerRebuilt = true;
        problems.add("header damaged (rebuilt from sidecar parity)");
        return true;
    }

    /** Drops a sidecar the authenticated header shows belongs to another version of the vault. */
    private void checkSidecarAgainstHeader() {
        if (sidecar != null) {
            markStaleIf(SidecarBinding.headerMismatch(sidecar, header, headerBytes));
        }
    }

    private void markStaleIf(String why) {
        if (why == null || sidecar == null) {
            return;
        }
        sidecarStale = true;
        problems.add("sidecar " + VaultParity.sidecarFor(path).getFileName() + " is stale: " + why
                + "; it was not used, " + SidecarBinding.regenerateHint(path));
        sidecar.close();
        sidecar = null;
    }

    private static VaultKeys unlock(VaultHeader h, byte[] password, PasswordKdf kdf) {
        if (h.isPlaintextLane()) {
            VaultKeys k = VaultKeys.plaintextLane();
            h.verifyMac(k.macKey());
            return k;
        }
        byte[] kek = kdf.derive(password, h.salt());
        try {
            return VaultKeys.unlock(h, kek);
        } finally {
            Wipe.zero(kek);
        }
    }

    private void readExtensions() {
        try {
            extensions = ManifestJson.readExtensions(read(header.extensionDirOffset(), header.extensionDirLen(), "extension directory"));
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
        storedManifest = read(header.manifestOffset(), header.manifestLen(), "manifest");
        VaultException first = null;
        try {
            manifest = tryOpen(storedManifest);
        } catch (VaultException e) {
            first = e;
        }
        if (first == null) {
            // Authentic as stored: checked against the sidecar, never rebuilt from it.
            if (sidecar != null) {
                markStaleIf(SidecarBinding.manifestMismatch(sidecar, storedManifest));
                if (sidecarStale && headerRebuilt) {
                    throw new VaultException(Failure.HEADER_MAC, "header damaged, and the only parity that could rebuild it"
                            + " belongs to another version of this vault");
                }
            }
            checkMetaParity();
            return;
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
        long payloadEnd = header.extensionPayloadOffset() + header.extensionPayloadLen();
        if (extensions != null) {
            for (ExtensionEntry x : extensions) {
                if (x.extensionId().equals(ExtensionEntry.EC_METADATA) && x.length() > 0
                        && x.offset() + x.length() <= header.extensionPayloadLen()) {
                    addIfFits(out, fileRange(header.extensionPayloadOffset() + x.offset(), x.length()));
                }
            }
        } else {
            // The directory is unreadable, but the metadata payload is last in the payload area
            // and its length follows from the manifest length for one of the few possible grids.
            for (int pct = EcGrid.MIN_PCT; pct <= EcGrid.MAX_PCT; pct++) {
                long len = AvecGeometry.payloadLength(header.manifestLen(), EcGrid.forPct(pct));
                if (len > 0 && len <= header.extensionPayloadLen()) {
                    addIfFits(out, fileRange(payloadEnd - len, len));
                }
            }
        }
        AvecPayload sc = sidecarPayload(VaultParity.SEG_MANIFEST, header.manifestLen());
        if (sc != null) {
            out.add(sc);
        }
        return out;
    }

    private void addIfFits(List<AvecPayload> out, StreamSource s) {
        try {
            AvecPayload p = AvecPayload.open(s, null);
            if (p.geometry().totalLen() == header.manifestLen()) {
                out.add(p);
            }
        } catch (VaultException e) {
            // not a usable payload at this place
        }
    }

    /** Checks both manifest parities against the authenticated manifest; damage in either is reported. */
    private void checkMetaParity() {
        AvecPayload p = openEmbedded(ExtensionEntry.EC_METADATA, header.manifestLen(), "manifest");
        if (p != null) {
            AvecReport r = AvecScanner.scan(new ArrayStream(storedManifest.clone()), p, 1, AvecScanner.DISCARD);
            if (!r.clean()) {
                metaParityDamaged = true;
                problems.add("embedded manifest parity has " + (r.damagedData() + r.damagedParity()) + " damaged shard(s)");
            }
        }
        AvecPayload sp = sidecarPayload(VaultParity.SEG_MANIFEST, header.manifestLen());
        if (sp != null) {
            AvecReport r = AvecScanner.scan(new ArrayStream(storedManifest.clone()), sp, 1, AvecScanner.DISCARD);
            if (r.damagedParity() > 0) {
                detachedParityDamaged = true;
                problems.add("detached manifest parity has " + r.damagedParity() + " damaged shard(s)");
            }
        }
    }

    /**
     * A vault with an error-correction percentage whose payload area has exactly the size of
     * the two v4 payloads must carry the canonical v4 directory; a directory that differs (or
     * does not parse) is damage, and the canonical one is its repair.
     */
    private void checkExtensionDirectory() {
        if (manifest.errorCorrectionPct() == null || header.extensionPayloadLen() == 0) {
            if (extDirDamaged) {
                problems.add("extension directory cannot be rebuilt (vault has no embedded parity layout)");
            }
            return;
        }
        long streamLen = VaultParity.streamLength(VaultParity.dataRegions(manifest, header.dataOffset(), header.dataLen()));
        long[] lens = VaultParity.embeddedLengths(manifest, streamLen, header.manifestLen());
        List<ExtensionEntry> canon = List.of(VaultParity.dataEntry(lens[0]), VaultParity.metadataEntry(lens[0], lens[1]));
        byte[] bytes = ManifestJson.writeExtensions(canon);
        if (lens[0] + lens[1] != header.extensionPayloadLen() || bytes.length != header.extensionDirLen()) {
            if (extDirDamaged) {
                problems.add("extension directory cannot be rebuilt (payload area holds other extensions)");
            }
            return;
        }
        byte[] stored = read(header.extensionDirOffset(), header.extensionDirLen(), "extension directory");
        if (!Arrays.equals(bytes, stored)) {
            if (!extDirDamaged) {
                problems.add("extension directory damaged (differs from the canonical v4 directory)");
            }
            extDirDamaged = true;
            canonicalExtensionDir = bytes;
            extensions = canon;
        }
    }

    /**
     * Hashes every block on {@code threads} threads (positional reads share the channel safely),
     * each block read into an array of a pool local to this check.
     */
    private void checkBlocks(int threads) {
        List<ChunkRecord> recs = new ArrayList<>(manifest.chunks().values());
        recs.sort(Comparator.comparingLong(ChunkRecord::dataOffset));
        ScratchPool blocks = blockPool(threads);
        java.util.function.Predicate<ChunkRecord> damaged =
                r -> !blockIntact(fileRange(header.dataOffset() + r.dataOffset(), r.recordLen()), r, blocks);
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

    /** Blocks up to this size are read whole and hashed at once; a larger one, which the format allows, in pieces. */
    static final int WHOLE_BLOCK_MAX = 32 << 20;
    private static final int PIECE = 1 << 20;

    /**
     * Arrays for {@link #blockIntact}, one per thread at a time, in whole MiB. They hold
     * ciphertext, which the vault file holds too, so they are not wiped between blocks.
     */
    static ScratchPool blockPool(int threads) {
        return new ScratchPool(PIECE, WHOLE_BLOCK_MAX, Math.max(1, threads));
    }

    /**
     * Length prefix equals {@code block_len} and BLAKE3 of the block equals {@code cipher_hash}.
     * A block up to {@link #WHOLE_BLOCK_MAX} is hashed whole with the one-shot BLAKE3 (the C
     * lanes where the library is loaded: several GB/s, where the incremental hasher runs at the
     * Java code's ~0.5 GB/s).
     */
    static boolean blockIntact(StreamSource record, ChunkRecord r, ScratchPool blocks) {
        if (r.dataOffset() < 0 || r.blockLen() < 0 || r.blockLen() > ReaderLimits.MAX_PLAINTEXT_BLOCK + 1024) {
            return false;
        }
        byte[] prefix = new byte[8];
        record.read(0, prefix, 0, 8);
        if (LittleEndian.getLong(prefix, 0) != r.blockLen()) {
            return false;
        }
        boolean whole = r.blockLen() <= WHOLE_BLOCK_MAX;
        byte[] buf = blocks.take(whole ? (int) r.blockLen() : PIECE);
        try {
            byte[] digest;
            if (whole) {
                record.read(8, buf, 0, (int) r.blockLen());
                digest = Blake3.hash(buf, 0, (int) r.blockLen());
            } else {
                Blake3 h = Blake3.newHasher();
                for (long done = 0; done < r.blockLen(); ) {
                    int n = (int) Math.min(PIECE, r.blockLen() - done);
                    record.read(8 + done, buf, 0, n);
                    h.update(buf, 0, n);
                    done += n;
                }
                digest = h.finish();
            }
            return Hex.encode(digest).equals(r.cipherHash());
        } finally {
            blocks.give(buf);
        }
    }

    /**
     * Scans the data stream against each parity source. A source that flags authenticated
     * blocks as damaged does not describe them: the sidecar is stale, embedded parity is damaged.
     */
    private void scanDataParity(int threads) {
        long streamLen = VaultParity.streamLength(regions);
        RegionStream stream = new RegionStream(source, regions);
        AvecPayload sc = sidecarPayload(VaultParity.SEG_DATA, streamLen);
        if (sc != null) {
            AvecReport r = AvecScanner.scan(stream, sc, threads, AvecScanner.DISCARD);
            if (damagedChunks.isEmpty() && r.damagedData() > 0) {
                markStaleIf("its data parity does not match this vault's authenticated blocks ("
                        + r.damagedData() + " shard(s) differ)");
            } else {
                consider("detached", sc, r);
                if (r.damagedParity() > 0) {
                    detachedParityDamaged = true;
                    problems.add("detached data parity has " + r.damagedParity() + " damaged shard(s)");
                }
            }
        } else if (sidecar != null && streamLen > 0) {
            markStaleIf("its data parity does not cover this vault's " + streamLen + "-byte data stream");
        }
        AvecPayload embedded = openEmbedded(ExtensionEntry.EC_DATA, streamLen, "data");
        if (embedded != null) {
            AvecReport r = AvecScanner.scan(stream, embedded, threads, AvecScanner.DISCARD);
            if (damagedChunks.isEmpty() && r.damagedData() > 0) {
                embeddedParityDamaged = true;
                problems.add("embedded data parity checksums do not match the authenticated blocks ("
                        + r.damagedData() + " shard(s)); it will be regenerated by repair");
            } else {
                consider("embedded", embedded, r);
                if (r.damagedParity() > 0) {
                    embeddedParityDamaged = true;
                    problems.add("embedded data parity has " + r.damagedParity() + " damaged shard(s)");
                }
            }
        }
        if (!damagedChunks.isEmpty() && dataParity == null) {
            problems.add("no usable data parity (no embedded extension, no matching sidecar)");
        }
    }

    private void consider(String source, AvecPayload p, AvecReport r) {
        if (dataParity == null || r.repairable() && !dataReport.repairable()) {
            dataParity = p;
            paritySource = source;
            dataReport = r;
        }
    }

    /**
     * Opens an embedded parity payload the extension directory lists. Its 32-byte AVEC
     * header is recomputed from the authenticated lengths, so a damaged header is found and
     * does not disable the parity; any other failure is parity damage, never "no parity".
     */
    private AvecPayload openEmbedded(String extensionId, long protectedLen, String what) {
        if (extensions == null) {
            return null;
        }
        for (ExtensionEntry x : extensions) {
            if (!x.extensionId().equals(extensionId)) {
                continue;
            }
            if (x.length() == 0 || x.offset() + x.length() > header.extensionPayloadLen()) {
                embeddedParityDamaged = true;
                problems.add("embedded " + what + " parity lies outside the payload area");
                return null;
            }
            StreamSource src = fileRange(header.extensionPayloadOffset() + x.offset(), x.length());
            // An absent percentage means the default grid (SPEC.md §13.3), as for the writer.
            byte[] expected = protectedLen <= 0 ? null
                    : AvecGeometry.forStream(protectedLen, EcGrid.forManifestPct(manifest.errorCorrectionPct())).toBytes();
            if (expected != null) {
                byte[] stored = new byte[AvecGeometry.HEADER_LEN];
                if (x.length() >= stored.length && header.extensionPayloadOffset() + x.offset() + stored.length <= fileLen) {
                    src.read(0, stored, 0, stored.length);
                }
                if (!Arrays.equals(stored, expected)) {
                    embeddedParityDamaged = true;
                    problems.add("embedded " + what + " parity header damaged (recomputed from the authenticated lengths)");
                }
            }
            try {
                AvecPayload p = AvecPayload.open(src, expected);
                if (p.geometry().totalLen() == protectedLen) {
                    return p;
                }
                embeddedParityDamaged = true;
                problems.add("embedded " + what + " parity covers " + p.geometry().totalLen() + " bytes, not " + protectedLen);
            } catch (VaultException e) {
                embeddedParityDamaged = true;
                problems.add("embedded " + what + " parity unusable: " + e.getMessage());
            }
            return null;
        }
        return null;
    }

    /** What the analysis found. */
    DamageReport report() {
        return report;
    }

    Path path() {
        return path;
    }

    /** The vault as opened, for copying it whole. */
    FileChannel file() {
        return file;
    }

    /** The unwrapped keys, for authenticating a repaired copy. */
    VaultKeys keys() {
        return keys;
    }

    /** The data parity a repair rebuilds blocks from, or null. */
    AvecPayload dataParity() {
        return dataParity;
    }

    @Override
    public void close() {
        if (keys != null) {
            keys.close();
        }
        if (sidecar != null) {
            sidecar.close();
        }
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // read-only
            }
        }
    }
}

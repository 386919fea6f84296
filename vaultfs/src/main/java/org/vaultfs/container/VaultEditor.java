package org.vaultfs.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.vaultfs.chunking.CdcBounds;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.ecc.AtomicFile;
import org.vaultfs.error.Failure;
import org.vaultfs.error.Rethrow;
import org.vaultfs.error.VaultException;
import org.vaultfs.remote.S3MultipartStream;
import org.vaultfs.metadata.TreeMetadata;

/**
 * A write session on one vault: the changes of one {@code add}, {@code rm}, {@code mv} (or
 * several), committed at once. Nothing touches the vault until {@link #commit()}: new blocks
 * stream into a {@link VaultTempFile} beside it, renamed over the vault only when complete.
 * Holds the vault lock from open to close. Not thread-safe (it parallelises internally).
 *
 * <p>The parts: {@link EntryTree} keeps the tree rules, {@link SourceIngest} reads source
 * files into chunks, {@link IngestPipeline} turns chunks into blocks, {@link BaseDataCopy}
 * carries (or compacts) the old data section, and {@link #commit} lays out manifest,
 * extensions and header after it.
 */
public final class VaultEditor extends TreeEditBase {
    private final Path target;
    private final EditOptions opts;
    private final VaultLock lock;
    private final VaultReader base;
    private final VaultTempFile.BaseSnapshot baseSnapshot;
    private final VaultHeader.Builder header;
    private final VaultKeys keys;
    private final Manifest.Builder manifest;
    private final SourceIngest ingest;
    private final List<ExtensionEntry> carriedExtensions = new ArrayList<>();
    private final List<String> removedLeftovers = new ArrayList<>();
    private final int level;
    private final Map<String, ChunkRecord> newChunks = new LinkedHashMap<>();
    /** When content work began: throughput excludes the password derivation before it. */
    private long startNanos = System.nanoTime();
    private VaultTempFile temp;
    /** A vault sealed straight to object storage: written front to back, no local file (then target and lock are null). */
    private S3MultipartStream stream;
    private DataSectionWriter data;
    private IngestPipeline pipeline;
    private AesGcmSiv aead;
    private byte[] chunkIdKey;
    private boolean committed;
    /** v4: parity extensions are recomputed on commit / the sidecar is rewritten after it. */
    private boolean embedParity;
    private boolean writeSidecar;
    private final CdcBounds bounds;
    /** A new vault's key derivation, still running: its wrap goes into the header at commit. */
    private DeferredKeyWrap pendingWrap;

    private VaultEditor(Path target, EditOptions opts, VaultLock lock, VaultReader base, VaultHeader.Builder header,
                        VaultKeys keys, Manifest.Builder manifest, TreeMetadata metadata) {
        super(new EntryTree(manifest, clockOf(opts)), metadata, clockOf(opts));
        this.target = target == null ? null : target.toAbsolutePath();
        this.opts = opts;
        this.lock = lock;
        this.base = base;
        this.header = header;
        this.keys = keys;
        this.manifest = manifest;
        this.baseSnapshot = base == null ? null : new VaultTempFile.BaseSnapshot(base.file().size(), base.header().toBytes());
        Integer l = manifest.wrappers.compression().level();
        this.level = l == null ? EditOptions.DEFAULT_LEVEL : l;
        AlgorithmSpec.Bounds b = manifest.wrappers.chunking().bounds();
        this.bounds = b == null ? CdcBounds.DEFAULT : CdcBounds.of(b.min(), b.avg(), b.max());
        this.ingest = new SourceIngest(tree, metadata, opts, bounds, this.target, this::startData, this::now);
    }

    /** Starts a new, empty vault at {@code target}; it exists on disk only after commit. */
    public static VaultEditor create(Path requested, byte[] password, EditOptions opts) {
        Path target = RealTarget.of(requested);
        if (password.length < VaultKeys.MIN_PASSWORD_BYTES) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        if (Files.exists(requested, LinkOption.NOFOLLOW_LINKS) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new VaultException(Failure.CONFLICT, "refusing to overwrite existing file " + requested);
        }
        VaultLock lock = VaultLock.acquire(target);
        try {
            List<String> leftovers = VaultTempFile.removeStale(target);
            VaultEditor ed = empty(target, lock, password, opts);
            ed.removedLeftovers.addAll(leftovers);
            ed.applyErrorCorrectionOption();
            return ed;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Starts a new vault streamed to {@code out} as it is written, with no local copy; it
     * appears in the store only on commit. Parity needs to read back what it protects, so it
     * is refused here (seal locally and push instead).
     */
    public static VaultEditor create(S3MultipartStream out, byte[] password, EditOptions opts) {
        if (password.length < VaultKeys.MIN_PASSWORD_BYTES) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        if (opts.ecPct() != null) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "parity (--ec) is computed from the finished vault, which"
                    + " a vault streamed to the store never is locally: seal it locally and 'vault push' it");
        }
        VaultEditor ed = empty(null, null, password, opts);
        ed.stream = out;
        return ed;
    }

    /** A session on a vault with nothing in it yet: fresh keys under {@code password}, an empty manifest. */
    private static VaultEditor empty(Path target, VaultLock lock, byte[] password, EditOptions opts) {
        byte[] salt = opts.random().nextBytes(VaultHeader.SALT_LEN);
        DeferredKeyWrap wrap = DeferredKeyWrap.start(opts.kdf(), password, salt);
        VaultKeys keys = VaultKeys.generate(opts.random());
        VaultHeader.Builder h = new VaultHeader.Builder();
        Manifest.Builder m = new Manifest.Builder();
        m.created = Timestamps.now(opts.clock());
        m.modified = m.created;
        CdcBounds cb = CdcBounds.forLevel(opts.zstdLevel());
        m.wrappers = WrapperStack.standard(opts.zstdLevel(), new AlgorithmSpec.Bounds(cb.min(), cb.avg(), cb.max()));
        VaultEditor ed;
        try {
            ed = new VaultEditor(target, opts, lock, null, h, keys, m, TreeMetadata.empty());
        } catch (RuntimeException e) {
            wrap.close();
            throw e;
        }
        ed.pendingWrap = wrap;
        return ed;
    }

    /** Opens an existing vault for changes; fails with LOCKED if another writer holds it. */
    public static VaultEditor open(Path requested, byte[] password, EditOptions opts) {
        Path target = RealTarget.of(requested);
        VaultLock lock = VaultLock.acquire(target);
        VaultReader base = null;
        try {
            List<String> leftovers = VaultTempFile.removeStale(target);
            base = VaultReader.open(target, password, opts.kdf());
            if (base.header().isPlaintextLane()) {
                throw new VaultException(Failure.UNSUPPORTED_ALGORITHM, "editing unencrypted (crypt: none) vaults is not supported");
            }
            VaultHeader.Builder h = base.header().toBuilder();
            VaultKeys keys = base.keys();
            Manifest.Builder m = base.manifest().toBuilder();
            MetadataExtension.Loaded meta = MetadataExtension.read(base);
            VaultEditor ed = new VaultEditor(target, opts, lock, base, h, keys, m, meta.metadata());
            ed.removedLeftovers.addAll(leftovers);
            if (meta.warning() != null) {
                ed.warnings.add(meta.warning());
            }
            for (ExtensionEntry x : base.extensions()) {
                // Parity describes the old bytes and the metadata the old manifest: both are rebuilt, never carried stale.
                if (!x.extensionId().equals(ExtensionEntry.EC_DATA) && !x.extensionId().equals(ExtensionEntry.EC_METADATA)
                        && !MetadataExtension.isMetadata(x)) {
                    ed.carriedExtensions.add(x);
                }
            }
            ed.embedParity = VaultParity.embeds(base.extensions());
            // A detached sidecar that exists is kept fresh: a stale one could only make repair fail.
            ed.writeSidecar = m.errorCorrectionPct != null && Files.exists(VaultParity.sidecarFor(ed.target));
            ed.applyErrorCorrectionOption();
            return ed;
        } catch (RuntimeException e) {
            if (base != null) {
                base.close();
            }
            lock.close();
            throw e;
        }
    }

    private void applyErrorCorrectionOption() {
        if (opts.ecPct() != null) {
            EcPlacement p = opts.ecPlacement() == null ? EcPlacement.EMBEDDED : opts.ecPlacement();
            manifest.errorCorrectionPct = opts.ecPct();
            embedParity = p.embeds();
            writeSidecar = p.writesSidecar();
        }
    }

    /** Whether the vault as opened carries embedded parity. */
    public boolean embedsParity() {
        return base != null && VaultParity.embeds(base.extensions());
    }

    /** Drops the embedded parity on commit (parity strip); a detached sidecar is kept fresh. */
    public void stripEmbeddedParity() {
        embedParity = false;
        writeSidecar = manifest.errorCorrectionPct != null && Files.exists(VaultParity.sidecarFor(target));
    }

    /** Temp files of an earlier, killed writer that opening this editor removed. */
    @Override
    public List<String> removedLeftovers() {
        return List.copyOf(removedLeftovers);
    }

    /** Re-wraps the keys under a new password; no block is touched. */
    public void changePassword(byte[] newPassword) {
        if (newPassword.length < VaultKeys.MIN_PASSWORD_BYTES) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "password must be at least 8 bytes");
        }
        byte[] salt = opts.random().nextBytes(VaultHeader.SALT_LEN);
        byte[] baseKek = opts.kdf().derive(newPassword, salt);
        try {
            keys.wrapInto(header, salt, baseKek);
            if (pendingWrap != null) {
                pendingWrap.close(); // the first password's wrap would otherwise replace this one at commit
                pendingWrap = null;
            }
        } finally {
            Wipe.zero(baseKek);
        }
        tree.touch(now());
    }

    // ------------------------------------------------------------------ adding content

    /** A file to add: where it is on disk and the vault path it gets. */
    public record Source(Path file, String vaultPath) {
    }

    /** A file read from a stream (another vault's entry, for a conversion): its path, size, time and how to read it. */
    public record StreamSource(String vaultPath, long size, String modified, Opener opener) {
        InputStream open() throws IOException {
            return opener.open();
        }
    }

    /** Opens a {@link StreamSource}'s bytes; called once per source. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * Adds files read from streams, as {@link #addFiles} adds files from disk: large ones in the
     * given order, then small ones sorted by path. Paths must be canonical vault paths.
     */
    @Override
    public void addStreams(List<StreamSource> sources) {
        ingest.addStreams(sources);
    }

    /** Adds a directory tree; its contents land under {@code vaultPrefix} ("" = vault root). */
    @Override
    public void addTree(Path sourceDir, String vaultPrefix) {
        ingest.addTree(sourceDir, vaultPrefix == null || vaultPrefix.isBlank() ? "" : VaultPaths.normalize(vaultPrefix));
    }

    @Override
    public void addFile(Path source, String vaultPath) {
        addFiles(List.of(new Source(source, vaultPath)));
    }

    /**
     * Adds files as the reference does: large files in the given order through per-file CDC,
     * then all small files sorted by vault path through shared packs.
     */
    public void addFiles(List<Source> sources) {
        ingest.addFiles(sources, false);
    }

    // ------------------------------------------------------------------ writing

    /** Opens the new file with the old data section in it and starts the pipeline; once. */
    private IngestPipeline startData() {
        if (pipeline != null) {
            return pipeline;
        }
        startNanos = System.nanoTime();
        if (stream != null) {
            data = new DataSectionWriter(stream::write, VaultHeader.SIZE, 0);
        } else {
            temp = VaultTempFile.beside(target);
            long baseLen = base == null ? 0 : BaseDataCopy.whole(base, temp.channel());
            // Straight to the device unless parity is computed over the new file at the end,
            // which then reads the data section back and would find none of it in the page cache.
            data = new DataSectionWriter(temp.dataOutput(VaultHeader.SIZE + baseLen, !embedParity && !writeSidecar),
                    VaultHeader.SIZE, baseLen);
        }
        aead = new AesGcmSiv(keys.masterKey());
        chunkIdKey = keys.chunkIdKey();
        Set<String> existing = new HashSet<>(manifest.chunks.keySet());
        pipeline = new IngestPipeline(opts.threads(), chunkIdKey, new BlockEncoder(aead, level, bounds.max()), opts.random(), data,
                newChunks, existing, manifest.nextBlockIndex(), opts.memoryBudget());
        return pipeline;
    }

    /** With nothing added: the old data section, compacted when an entry was removed. */
    private void writeBaseData() {
        if (stream != null) {
            data = new DataSectionWriter(stream::write, VaultHeader.SIZE, 0);
            return;
        }
        temp = VaultTempFile.beside(target);
        long len = 0;
        if (base != null) {
            Set<String> live = tree.liveChunkIds();
            len = !tree.removedSomething() || live.containsAll(manifest.chunks.keySet())
                    ? BaseDataCopy.whole(base, temp.channel())
                    : BaseDataCopy.compacted(base, manifest, live, temp.channel());
        }
        data = new DataSectionWriter(temp::writeAt, VaultHeader.SIZE, len);
    }

    /** Writes the new vault beside the old one, fsyncs it, and renames it into place. */
    @Override
    public EditStats commit() {
        if (committed) {
            throw new IllegalStateException("already committed");
        }
        long stored = 0;
        long dedup = 0;
        // The metadata's text needs only the paths, not the chunk ids: it is written on a thread
        // of its own from here, beside the pipeline's last chunks and the manifest's text (each
        // ~0.1 s for 47,000 entries; started after the pipeline, it was still running when the
        // manifest was sealed). Both are sealed below, in the order that draws their nonces.
        EntryTree.PathKinds paths = tree.pathKinds();
        CompletableFuture<byte[]> metaJson = CompletableFuture.supplyAsync(
                () -> MetadataExtension.serialize(metadata, paths), VaultEditor::runOnOwnThread);
        Manifest built;
        byte[] sealedManifest;
        try {
            if (pipeline != null) {
                pipeline.finish();
                stored = pipeline.storedBytes();
                dedup = pipeline.dedupBytes();
                tree.resolvePending();
                manifest.chunks.putAll(newChunks);
            } else {
                writeBaseData();
            }
            manifest.entries.clear();
            manifest.entries.addAll(tree.entries());
            manifest.sortEntries();
            built = manifest.build();
            sealedManifest = ManifestCrypto.sealInPlace(keys,
                    ManifestJson.writeWithRoom(built, ManifestCrypto.HEAD, ManifestCrypto.TAIL), opts.random());
            // Refused here, before anything is published: neither vaultfs nor the reference
            // opens a manifest past the cap (SPEC 15.1).
            if (sealedManifest.length > ReaderLimits.MAX_MANIFEST) {
                throw new VaultException(Failure.BOUNDS, "the manifest of these " + built.entries().size()
                        + " entries would take " + sealedManifest.length + " bytes, past the "
                        + (ReaderLimits.MAX_MANIFEST >> 20) + " MiB a reader accepts: split the tree into several vaults");
            }
        } catch (RuntimeException | Error e) {
            metaJson.thenAccept(Wipe::zero); // plaintext: wiped whenever it is done
            throw e;
        }
        long dataLen = data.length();
        List<ExtensionEntry> exts = new ArrayList<>();
        // Editing the plaintext lane is refused on open, so every vault written here has a master key.
        Map.Entry<ExtensionEntry, byte[]> meta = MetadataExtension.seal(Rethrow.joined(metaJson, "writing the metadata"),
                keys.masterKey(), sealedManifest, opts.random());
        ByteBuffer payloads = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE,
                carriedPayloadBytes() + (meta == null ? 0 : meta.getValue().length)));
        long[] ecLen = embedParity ? VaultParity.embeddedLengths(built,
                VaultParity.streamLength(VaultParity.dataRegions(built, VaultHeader.SIZE, dataLen)), sealedManifest.length)
                : new long[2];
        if (embedParity) {
            exts.add(VaultParity.dataEntry(ecLen[0]));
        }
        for (ExtensionEntry x : carriedExtensions) {
            byte[] p = base.file().readExact(base.header().extensionPayloadOffset() + x.offset(), x.length(), "extension " + VaultPaths.printable(x.extensionId()));
            exts.add(x.withSlice(ecLen[0] + payloads.position(), p.length));
            payloads.put(p);
        }
        if (meta != null) {
            exts.add(meta.getKey().withSlice(ecLen[0] + payloads.position(), meta.getValue().length));
            payloads.put(meta.getValue());
        }
        if (embedParity) {
            exts.add(VaultParity.metadataEntry(ecLen[0] + payloads.position(), ecLen[1]));
        }
        byte[] extDir = ManifestJson.writeExtensions(exts);
        if (pendingWrap != null) {
            pendingWrap.wrapInto(keys, header);
            pendingWrap = null;
        }
        header.dataOffset = VaultHeader.SIZE;
        header.dataLen = dataLen;
        header.manifestOffset = VaultHeader.SIZE + dataLen;
        header.manifestLen = sealedManifest.length;
        header.extensionDirOffset = header.manifestOffset + header.manifestLen;
        header.extensionDirLen = extDir.length;
        header.extensionPayloadOffset = header.extensionDirOffset + extDir.length;
        header.extensionPayloadLen = ecLen[0] + payloads.position() + ecLen[1];
        VaultHeader sealed = header.build().sealedWith(keys.macKey());
        if (stream != null) {
            stream.write(ByteBuffer.wrap(sealedManifest), sealed.manifestOffset());
            stream.write(ByteBuffer.wrap(extDir), sealed.extensionDirOffset());
            stream.write(payloads.flip(), sealed.extensionPayloadOffset());
            stream.write(ByteBuffer.wrap(sealed.toBytes()), 0);
            stream.complete(sealed.extensionPayloadOffset() + sealed.extensionPayloadLen());
            committed = true;
            return new EditStats(ingest.filesAdded(), ingest.bytesIn(), stored, dedup, System.nanoTime() - startNanos,
                    ingest.specialsRecorded());
        }
        AtomicFile sidecarOut = writeSidecar ? AtomicFile.beside(VaultParity.sidecarFor(target)) : null;
        try {
            temp.writeAt(ByteBuffer.wrap(sealedManifest), sealed.manifestOffset());
            temp.writeAt(ByteBuffer.wrap(extDir), sealed.extensionDirOffset());
            temp.writeAt(payloads.flip(), sealed.extensionPayloadOffset() + ecLen[0]);
            if (embedParity) {
                VaultParity.writeEmbedded(temp.channel(), temp::write, sealed, built, sealedManifest, exts, opts.threads());
            }
            temp.writeAt(ByteBuffer.wrap(sealed.toBytes()), 0);
            temp.finish(sealed.extensionPayloadOffset() + sealed.extensionPayloadLen());
            if (sidecarOut != null) {
                // Complete and durable before the vault is published: vault and sidecar change together or not at all.
                VaultParity.writeSidecar(temp.path(), sealed, built, sidecarOut, opts.threads());
                sidecarOut.flush();
            }
            temp.publish(baseSnapshot);
            committed = true;
            opts.progress().published(target);
            if (sidecarOut != null) {
                publishSidecar(sidecarOut);
            }
        } catch (IOException e) {
            throw VaultException.io("cannot write " + target, e);
        } finally {
            if (sidecarOut != null) {
                sidecarOut.close();
            }
        }
        return new EditStats(ingest.filesAdded(), ingest.bytesIn(), stored, dedup, System.nanoTime() - startNanos,
                ingest.specialsRecorded());
    }

    private static void runOnOwnThread(Runnable r) {
        Thread t = new Thread(r, "vaultfs-metadata-write");
        t.setDaemon(true);
        t.start();
    }

    /** The one step that can leave the pair inconsistent: the message names which file is behind. */
    private void publishSidecar(AtomicFile sidecarOut) {
        try {
            sidecarOut.commit();
        } catch (VaultException e) {
            throw new VaultException(Failure.IO, target + " was updated, but its sidecar " + VaultParity.sidecarFor(target)
                    + " could not be replaced and is stale (" + e.getMessage() + "); run 'vault repair " + target + "'");
        }
    }

    private long carriedPayloadBytes() {
        long n = 0;
        for (ExtensionEntry x : carriedExtensions) {
            n += x.length();
        }
        return n;
    }

    /** Discards everything not committed, removes the temporary file and releases the lock. */
    @Override
    public void close() {
        try {
            if (pendingWrap != null) {
                pendingWrap.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            if (temp != null) {
                temp.close();
            }
            if (stream != null) {
                stream.close(); // aborts the upload unless it completed
            }
        } finally {
            if (aead != null) {
                aead.destroy();
            }
            Wipe.zero(chunkIdKey);
            if (base != null) {
                base.close();
            } else {
                keys.close();
            }
            if (lock != null) {
                lock.close();
            }
        }
    }
}

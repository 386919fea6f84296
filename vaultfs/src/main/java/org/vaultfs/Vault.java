package org.vaultfs;

import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.ContainerLineage;
import org.vaultfs.container.ContainerReader;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EditStats;
import org.vaultfs.container.Entry;
import org.vaultfs.container.EntryChannel;
import org.vaultfs.container.EntryInputStream;
import org.vaultfs.container.ExtensionEntry;
import org.vaultfs.container.Manifest;
import org.vaultfs.container.ManifestPrefetch;
import org.vaultfs.container.MetadataExtension;
import org.vaultfs.container.ParityLayout;
import org.vaultfs.container.PasswordKdf;
import org.vaultfs.container.ProgressListener;
import org.vaultfs.container.ScrubReport;
import org.vaultfs.container.SourceFilter;
import org.vaultfs.container.SourceTree;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultHeader;
import org.vaultfs.container.VaultParity;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.container.VaultProbe;
import org.vaultfs.container.VaultReader;
import org.vaultfs.container.VaultRepairer;
import org.vaultfs.container.VaultVerifier;
import org.vaultfs.container.VerifyReport;
import org.vaultfs.ecc.StandaloneCorrector;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ChunkSource;
import org.vaultfs.fs.ChunkSources;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.fs.ExtractResult;
import org.vaultfs.fs.ExtractSelection;
import org.vaultfs.fs.Extractor;
import org.vaultfs.fs.ReaderChunkSource;
import org.vaultfs.fs.VaultFileSystem;
import org.vaultfs.fs.VaultFileSystems;
import org.vaultfs.legacy.V2Reader;
import org.vaultfs.legacy.V2Verifier;
import org.vaultfs.legacy.V2Editor;
import org.vaultfs.metadata.NodeKind;
import org.vaultfs.metadata.NodeMetadata;
import org.vaultfs.metadata.TreeMetadata;
import org.vaultfs.event.VaultEvent;
import org.vaultfs.source.FileSource;
import org.vaultfs.source.VaultSource;

/**
 * The library's entry point: open a vault from any {@link VaultSource} and read it (entries,
 * random access to a file, extraction, verification, a filesystem view for a mount), or start
 * an edit. Everything a caller needs is reached from here; the packages below are the
 * implementation, whose public types are handed out by these methods.
 *
 * <p>Opening detects the container lineage from the magic and picks its reader, so callers
 * never say which lineage they hold. Reads authenticate every block they decode and, unless
 * {@link OpenOptions#repairFromParity} is off, rebuild a damaged block from the vault's parity;
 * both outcomes reach the {@link OpenOptions#listener}, never standard error. A {@code Vault}
 * is safe for concurrent reads; each channel or stream it opens belongs to one thread.
 */
public final class Vault implements AutoCloseable {
    /** The shortest password a new vault or a password change accepts (the reference's rule). */
    public static final int MIN_PASSWORD_BYTES = org.vaultfs.container.VaultKeys.MIN_PASSWORD_BYTES;

    /** Any lineage's contents; {@code reader} or {@code legacy} says which. */
    private final ContainerReader contents;
    private final VaultReader reader;
    private final V2Reader legacy;
    private final ContainerLineage lineage;
    private final OpenOptions options;
    private final ChunkSource chunks;
    private boolean handedOff;
    private TreeMetadata metadata;

    private Vault(VaultReader reader, OpenOptions options) {
        this.contents = reader;
        this.reader = reader;
        this.legacy = null;
        this.lineage = ContainerLineage.AEROVAULT3;
        this.options = options;
        ChunkSource plain = new ReaderChunkSource(reader);
        this.chunks = options.repairFromParity() ? ChunkSources.forReader(reader, options.listener()) : plain;
    }

    private Vault(V2Reader legacy, OpenOptions options) {
        this.contents = legacy;
        this.reader = null;
        this.legacy = legacy;
        this.lineage = ContainerLineage.AEROVAULT2;
        this.options = options;
        this.chunks = legacy.chunkSource();
    }

    /** Opens the vault file at {@code file}; the password array stays the caller's to wipe. */
    public static Vault open(Path file, byte[] password) {
        return open(FileSource.open(file), password, OpenOptions.DEFAULT);
    }

    public static Vault open(Path file, byte[] password, OpenOptions options) {
        return open(FileSource.open(file), password, options);
    }

    /** Opens the vault in {@code source}, which the returned vault owns (it is closed on failure too). */
    public static Vault open(VaultSource source, byte[] password, OpenOptions options) {
        ContainerLineage lineage;
        try {
            lineage = ContainerLineage.detect(source).orElse(ContainerLineage.AEROVAULT3);
        } catch (RuntimeException e) {
            closeQuietly(source);
            throw e;
        }
        return switch (lineage) {
            case AEROVAULT3 -> new Vault(VaultReader.open(source, password, options.kdf(), options.metadataAhead()), options);
            case AEROVAULT2 -> new Vault(V2Reader.open(source, password, options.kdf()), options);
        };
    }

    /**
     * What {@code file} reveals without a password (lineage, header, extension directory), read
     * before prompting so a missing file or a non-vault fails at once. Nothing in it is authenticated.
     */
    public static VaultProbe probe(Path file) {
        if (!java.nio.file.Files.isDirectory(file)) {
            try (FileSource src = FileSource.open(file)) {
                if (ContainerLineage.detect(src).orElse(null) == ContainerLineage.AEROVAULT2) {
                    return V2Reader.probe(src);
                }
            } catch (java.io.IOException e) {
                throw VaultException.io("cannot read " + file, e);
            }
        }
        return VaultProbe.read(file);
    }

    /**
     * For a process whose class path is one jar with native libraries copied beside it (as the
     * launcher's is, {@code -Dvaultfs.native.dir}): jnr-ffi loads its library from its copy there,
     * only if it is the jar's own, instead of copying it out of the jar at every start (vaultfs'
     * own library and zstd-jni's do the same by themselves). Call it before anything else;
     * without it jnr-ffi copies as before.
     */
    public static void useLibraryCopies() {
        DependencyLibraries.useCopiesOnDisk();
    }

    /**
     * For a process that will hold keys and plaintext: disables core dumps, makes it
     * undumpable, and overwrites the named environment values in place (a password passed in
     * the environment is otherwise readable in {@code /proc/PID/environ} for the process's
     * life). Returns false, having done nothing, when vaultfs's C library is not loaded (or a
     * step failed): the caller then takes its own way or reports it.
     */
    public static boolean hardenProcess(String... environmentNames) {
        return org.vaultfs.crypt.NativeProcess.harden(environmentNames);
    }

    /** What the vault in {@code source} reveals without a password; the source stays the caller's (open). */
    public static VaultProbe probe(VaultSource source) {
        if (ContainerLineage.detect(source).orElse(null) == ContainerLineage.AEROVAULT2) {
            return V2Reader.probe(source);
        }
        try {
            return VaultProbe.read(source);
        } catch (java.io.IOException e) {
            throw VaultException.io("cannot read " + source.name(), e);
        }
    }

    /**
     * Starts reading {@code file}'s manifest into the page cache in the background, to overlap
     * the disk with a password prompt and the key derivation. Advice only.
     */
    public static void prefetch(Path file) {
        ManifestPrefetch.start(file);
    }

    /** Creates a new, empty vault at {@code file} (refusing to overwrite); commit the returned editor to write it. */
    public static VaultEditor create(Path file, byte[] password, EditOptions options) {
        return VaultEditor.create(file, password, options);
    }

    /**
     * Creates a new vault streamed into object storage as it is written (no local copy); it
     * appears under its key only when the returned editor commits. No parity on this path.
     */
    public static VaultEditor create(org.vaultfs.remote.S3MultipartStream out, byte[] password, EditOptions options) {
        return VaultEditor.create(out, password, options);
    }

    /**
     * Opens {@code file} for tree edits (add, rm, mkdir, mv, cp) under its lock, whatever its
     * lineage: an AEROVAULT2 vault stays AEROVAULT2. Nothing changes on disk until the commit.
     */
    public static TreeEdit edit(Path file, byte[] password, EditOptions options) {
        return isAerovault2(file) ? V2Editor.open(file, password, options) : VaultEditor.open(file, password, options);
    }

    /** Opens the AEROVAULT3 vault {@code file} for every change that lineage has (password, parity, tree edits). */
    public static VaultEditor editAerovault3(Path file, byte[] password, EditOptions options) {
        requireAerovault3(file, "changed this way (it has no parity)");
        return VaultEditor.open(file, password, options);
    }

    /**
     * Seals {@code dir}'s contents into a new AEROVAULT2 vault at {@code out}, the legacy container
     * the reference's CLI writes by default (SPEC.md §19), with or without the ChaCha20-Poly1305
     * cascade and with chunks of {@code chunkSize} bytes; {@code options} gives the KDF, the source
     * filter, progress and randomness (its compression and parity do not apply to AEROVAULT2).
     */
    public static EditStats sealAerovault2(Path dir, Path out, byte[] password, boolean cascade, int chunkSize,
                                           EditOptions options) {
        try (V2Editor ed = V2Editor.create(out, password, options, cascade, chunkSize)) {
            ed.addTree(dir, "");
            return ed.commit();
        }
    }

    /**
     * Changes the password of the AEROVAULT2 vault at {@code file}: the keys re-wrapped under a
     * fresh salt, the header rewritten as version 3, nothing else touched; atomic.
     */
    public static void changeAerovault2Password(Path file, byte[] oldPassword, byte[] newPassword, PasswordKdf kdf) {
        org.vaultfs.legacy.V2Passwd.change(file, oldPassword, newPassword, kdf, org.vaultfs.crypt.SecureRandomSource.INSTANCE);
    }

    /** Whether {@code file} is an AEROVAULT2 vault (by its magic). */
    public static boolean isAerovault2(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return false;
        }
        try (FileSource src = FileSource.open(file)) {
            return ContainerLineage.detect(src).orElse(null) == ContainerLineage.AEROVAULT2;
        } catch (java.io.IOException e) {
            throw VaultException.io("cannot read " + file, e);
        }
    }

    /** Scrubs the vault in {@code source} (object storage, say), read-only; the source stays the caller's. */
    public static ScrubReport scrub(VaultSource source, byte[] password, PasswordKdf kdf, int threads) {
        if (ContainerLineage.detect(source).orElse(null) == ContainerLineage.AEROVAULT2) {
            throw notAerovault3(source.name(), NOT_SCRUBBED);
        }
        return VaultRepairer.scrub(source, password, kdf, threads);
    }

    /** Checks every block of {@code file} and its parity, without changing anything. */
    public static ScrubReport scrub(Path file, byte[] password, PasswordKdf kdf, int threads) {
        requireAerovault3(file, NOT_SCRUBBED);
        return VaultRepairer.scrub(file, password, kdf, threads);
    }

    /** Rebuilds damaged blocks and parity of {@code file} from its parity, atomically; {@code dryRun} only reports. */
    public static ScrubReport repair(Path file, byte[] password, PasswordKdf kdf, int threads, boolean dryRun) {
        requireAerovault3(file, "repaired (it has no parity)");
        return VaultRepairer.repair(file, password, kdf, threads, dryRun);
    }

    /** Refuses, by name, an AEROVAULT2 file given to an operation only AEROVAULT3 has so far. */
    private static final String NOT_SCRUBBED = "scrubbed (it has no parity; 'vault verify' checks every chunk)";

    private static void requireAerovault3(Path file, String what) {
        if (isAerovault2(file)) {
            throw notAerovault3(file.toString(), what);
        }
    }

    private static VaultException notAerovault3(String name, String what) {
        return new VaultException(Failure.UNSUPPORTED_VERSION, name + " is an AEROVAULT2 vault, which cannot be " + what);
    }

    /**
     * Totals what sealing {@code root} would store (files, bytes, directories), walking it with
     * the same filter and reporting the same skipped entries as the real thing; reads only names and sizes.
     */
    public static SourceTree.Plan plan(Path root, ProgressListener report, SourceFilter filter) {
        return SourceTree.plan(root, report, filter);
    }

    /** Parity for any file (a detached {@code .aerocorrect}), the format's standalone error correction. */
    public static StandaloneCorrector corrector(int threads) {
        return new StandaloneCorrector(threads);
    }

    /** Where the detached parity sidecar of the vault at {@code file} lives. */
    public static Path sidecarOf(Path file) {
        return VaultParity.sidecarFor(file);
    }

    public ContainerLineage lineage() {
        return lineage;
    }

    /** The source's name, for messages. */
    public String name() {
        return contents.name();
    }

    /** The authenticated AEROVAULT3 header (UNSUPPORTED_VERSION for another lineage). */
    public VaultHeader header() {
        return v3("header").header();
    }

    /** The authenticated AEROVAULT3 manifest: entries, chunk records, wrappers, timestamps. */
    public Manifest manifest() {
        return v3("manifest").manifest();
    }

    /** The extension directory (AEROVAULT2 has none). */
    public List<ExtensionEntry> extensions() {
        return reader == null ? List.of() : reader.extensions();
    }

    /**
     * What the vault records beyond plain files (modes, owners, nanosecond times, symlinks, hard
     * links, FIFOs, devices, xattrs; SPEC.md §20), empty when it records nothing (AEROVAULT2, a
     * vault sealed with --no-metadata or by another tool). A payload that does not belong to this
     * vault's manifest, or breaks a limit, is ignored whole and reported to the listener once.
     */
    public synchronized TreeMetadata metadata() {
        if (metadata == null) {
            if (reader == null) {
                metadata = TreeMetadata.empty();
            } else {
                MetadataExtension.Loaded loaded = MetadataExtension.read(reader);
                if (loaded.warning() != null) {
                    options.listener().on(new VaultEvent.MetadataIgnored(loaded.warning()));
                }
                metadata = loaded.metadata();
            }
        }
        return metadata;
    }

    /**
     * The entries under {@code paths} (all when empty), as {@link #select} gives them, and the
     * symlinks, FIFOs and devices the metadata holds there, merged in path order.
     */
    public List<VaultNode> nodes(List<String> paths) {
        TreeMetadata m = metadata();
        List<VaultNode> out = new ArrayList<>();
        for (Entry e : ExtractSelection.selectEntries(contents.entries(), paths, m, n -> contents.find(n).isPresent())) {
            NodeMetadata md = m.get(e.path());
            NodeKind kind = e.isDir() ? NodeKind.DIR : NodeKind.FILE;
            out.add(new VaultNode(e.path(), kind, e.size(), e.modified(), md != null && md.kind() == kind ? md : null));
        }
        for (java.util.Map.Entry<String, NodeMetadata> sp : m.specialsUnder(paths.stream().map(VaultPaths::normalize).toList())) {
            NodeMetadata md = sp.getValue();
            out.add(new VaultNode(sp.getKey(), md.kind(), md.target() == null ? 0
                    : md.target().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                    org.vaultfs.container.Timestamps.format(java.time.Instant.ofEpochSecond(md.mtimeSeconds())), md));
        }
        out.sort((a, b) -> org.vaultfs.container.PathOrder.compare(a.path(), b.path()));
        return out;
    }

    /** The clear AEROVAULT2 header facts, for an AEROVAULT2 vault. */
    public Optional<VaultProbe.Legacy> legacy() {
        return legacy == null ? Optional.empty()
                : Optional.of(new VaultProbe.Legacy(legacy.version(), legacy.cascade(), legacy.chunkSize()));
    }

    /** When the vault was last changed, as recorded in it. */
    public String modified() {
        return contents.modified();
    }

    /** Every stored chunk (each once, however many files share it). */
    public Collection<ChunkRecord> chunkRecords() {
        return reader != null ? reader.manifest().chunks().values() : legacy.chunkRecords();
    }

    /** Every entry, sorted by path. */
    public List<Entry> entries() {
        return contents.entries();
    }

    /** The entry at {@code path}, written as users do ({@code ./a/b}, {@code a/b/}). */
    public Optional<Entry> entry(String path) {
        return contents.find(VaultPaths.normalize(path));
    }

    /** The entry at {@code path} (as for {@link #entry}); NOT_FOUND naming it otherwise. */
    public Entry require(String path) {
        return contents.require(VaultPaths.normalize(path));
    }

    /** The entries under {@code paths} (all when empty) in extraction order; NOT_FOUND for a path that matches nothing. */
    public List<Entry> select(List<String> paths) {
        return ExtractSelection.select(contents.entries(), paths);
    }

    /** Random access to the file at {@code path}: a read decodes only the chunk under the position. */
    public SeekableByteChannel newByteChannel(String path) {
        return EntryChannel.open(contents.layout(file(path)), chunks::decode, !chunks.sharesResults());
    }

    /** The bytes of the file at {@code path}, decoded a block at a time. */
    public InputStream newInputStream(String path) {
        return new EntryInputStream(contents.layout(file(path)), chunks::decode, !chunks.sharesResults());
    }

    /** Extracts the subtrees under {@code paths} (everything when empty) into {@code target}, crash-safe and contained. */
    public ExtractResult extract(Path target, List<String> paths, ExtractOptions extractOptions) {
        // One pass over the blocks: their pages are dropped behind it (VaultReader.dropBlocksOnceRead).
        boolean dropping = reader != null && reader.dropBlocksOnceRead(true);
        try {
            return new Extractor(contents, chunks, extractOptions, metadata()).extract(target, paths);
        } finally {
            if (dropping) {
                reader.dropBlocksOnceRead(false);
            }
        }
    }

    /**
     * Checks every stored block: AEROVAULT3 its hash, AEAD tag and chunk id, AEROVAULT2 its AEAD
     * tags; {@code progress} gets plaintext bytes.
     */
    public VerifyReport verify(ProgressListener progress) {
        return reader != null ? VaultVerifier.verify(reader, progress) : V2Verifier.verify(legacy, chunks, progress);
    }

    /** Where this vault's parity is and its level. */
    public ParityLayout parityLayout() {
        return reader == null ? ParityLayout.NONE
                : ParityLayout.of(reader.extensions(), reader.localPath().orElse(null), reader.manifest());
    }

    /** Whether damaged blocks could be rebuilt: the vault embeds parity or has a sidecar beside it. */
    public boolean hasParity() {
        return reader != null && org.vaultfs.container.BlockRepair.available(reader);
    }

    /** Why the sidecar beside this vault no longer matches it, if there is one and it does not. */
    public Optional<String> staleSidecar() {
        return reader == null ? Optional.empty() : VaultParity.staleSidecar(reader);
    }

    /** Writes this vault's parity as a detached sidecar to {@code out}; returns its length. */
    public long exportSidecar(Path out, int threads) {
        VaultReader r = v3("parity");
        Path local = r.localPath().orElseThrow(() -> new VaultException(Failure.INVALID_ARGUMENT,
                "a sidecar can be written only for a vault in a local file"));
        return VaultParity.exportSidecar(local, r.header(), r.manifest(), out, threads);
    }

    /**
     * Writes this vault's tree as a new AEROVAULT3 vault at {@code out} (refusing to overwrite)
     * under {@code password}, with {@code options}' profile and parity: directories and every
     * file with its time, streamed chunk by chunk, so memory does not grow with the data. The
     * new vault appears only when complete. Returns what was written.
     */
    public EditStats convertTo(Path out, byte[] password, EditOptions options) {
        try (VaultEditor ed = VaultEditor.create(out, password, options)) {
            return copyTreeInto(ed);
        }
    }

    /**
     * Writes this vault's tree as a new AEROVAULT2 vault at {@code out} (the legacy container,
     * SPEC.md §19), streamed chunk by chunk, directories and times kept; {@code options} gives the
     * KDF, progress and randomness. Returns what was written.
     */
    public EditStats convertToAerovault2(Path out, byte[] password, boolean cascade, int chunkSize, EditOptions options) {
        try (V2Editor ed = V2Editor.create(out, password, options, cascade, chunkSize)) {
            return copyTreeInto(ed);
        }
    }

    private EditStats copyTreeInto(TreeEdit ed) {
        List<VaultEditor.StreamSource> files = new ArrayList<>();
        for (Entry e : contents.entries()) {
            if (e.isDir()) {
                ed.mkdir(e.path(), e.modified());
            } else {
                files.add(new VaultEditor.StreamSource(e.path(), e.size(), e.modified(), () -> newInputStream(e.path())));
            }
        }
        ed.addStreams(files);
        // Modes, owners, links and times travel too; the commit keeps what the target lineage can hold.
        for (java.util.Map.Entry<String, NodeMetadata> m : metadata().all().entrySet()) {
            ed.putMetadata(m.getKey(), m.getValue());
        }
        return ed.commit();
    }

    /**
     * The read-only filesystem view a mount serves (tree, handles, a shared cache of
     * {@code cacheBytes} of plaintext). It takes this vault over: close the view, not the vault.
     */
    public VaultFileSystem toFileSystem(long cacheBytes) {
        handedOff = true;
        TreeMetadata m = metadata();
        return VaultFileSystems.of(contents, chunks, cacheBytes, options.listener(), m);
    }

    @Override
    public void close() {
        if (handedOff) {
            return;
        }
        chunks.close();
        contents.close();
    }

    private VaultReader v3(String what) {
        if (reader == null) {
            throw new VaultException(Failure.UNSUPPORTED_VERSION, contents.name() + " is an " + lineage.magic()
                    + " vault, which has no AEROVAULT3 " + what);
        }
        return reader;
    }

    private Entry file(String path) {
        Entry e = require(path);
        if (e.isDir()) {
            throw new VaultException(Failure.INVALID_ARGUMENT, VaultPaths.printable(e.path()) + " is a directory");
        }
        return e;
    }

    private static void closeQuietly(VaultSource source) {
        try {
            source.close();
        } catch (Exception e) {
            // Opening already failed; that failure is the one to report.
        }
    }
}

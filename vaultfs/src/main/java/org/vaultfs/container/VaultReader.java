package org.vaultfs.container;

import org.vaultfs.bytes.DirectBufferPool;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.bytes.ScratchPool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.SivCheckpoints;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.source.FileSource;
import org.vaultfs.source.VaultSource;

/**
 * An unlocked vault opened for reading. Opening reads the header, the manifest and the
 * extension directory only; file bytes are decoded block by block on demand, so memory does
 * not grow with the data section. Thread-safe for concurrent reads.
 */
public final class VaultReader implements ContainerReader {
    private final VaultBytes file;
    private final VaultHeader header;
    private final VaultKeys keys;
    private final Manifest manifest;
    private final List<ExtensionEntry> extensions;
    private java.util.concurrent.CompletableFuture<MetadataExtension.Loaded> openedMetadata;
    /** Per reading thread; 64 segments, twice the largest FUSE request. */
    private static final ScratchPool RANGE_BUFFERS = new ScratchPool(64 * BlockDecoder.CHECKPOINT_SEGMENT, 16);

    /** Whole blocks of the default 4 MiB maximum chunk; larger ones (other CDC bounds) get a one-off array. */

    private final BlockDecoder decoder;
    private final AesGcmSiv aead;
    private final Map<String, Entry> byPath;

    private VaultReader(VaultBytes file, VaultHeader header, VaultKeys keys, Manifest manifest, List<ExtensionEntry> extensions,
            Map<String, Entry> byPath) {
        this.file = file;
        this.header = header;
        this.keys = keys;
        this.manifest = manifest;
        this.extensions = List.copyOf(extensions);
        this.aead = new AesGcmSiv(keys.masterKey());
        this.decoder = new BlockDecoder(aead, header.isPlaintextLane());
        this.byPath = byPath;
    }

    public static VaultReader open(Path path, byte[] password) {
        return open(path, password, PasswordKdf.ARGON2ID);
    }

    public static VaultReader open(Path path, byte[] password, PasswordKdf kdf) {
        return open(FileSource.open(path), password, kdf);
    }

    /** Opens the vault in {@code source}, which it then owns (closed with the reader, or on failure). */
    public static VaultReader open(VaultSource source, byte[] password, PasswordKdf kdf) {
        return open(source, password, kdf, true);
    }

    /**
     * As {@link #open(VaultSource, byte[], PasswordKdf)}; {@code metadataAhead}: open the metadata
     * extension on a second thread while the manifest is read, for a caller that will ask for it.
     */
    public static VaultReader open(VaultSource source, byte[] password, PasswordKdf kdf, boolean metadataAhead) {
        VaultBytes file = new VaultBytes(source);
        try {
            return open(file, password, kdf, metadataAhead);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static VaultReader open(VaultBytes file, byte[] password, PasswordKdf kdf, boolean metadataAhead) {
        long fileLen = file.size();
        byte[] hb = new byte[VaultHeader.SIZE];
        int n = file.readUpTo(0, hb, 0, hb.length);
        if (n < VaultHeader.SIZE) {
            // SPEC §3.4 step 1 precedes the magic check: every short file is `truncated`.
            String what = n > 0 && VaultHeader.startsWithMagic(hb, n) ? "vault is truncated" : "file is truncated or not a vault";
            throw new VaultException(Failure.TRUNCATED, what + ": " + n + " bytes, the header alone is 1024");
        }
        VaultHeader header = VaultHeader.parse(hb);
        VaultKeys keys = unlock(header, password, kdf);
        try {
            header.checkLayout();
            if (header.manifestLen() > ReaderLimits.MAX_MANIFEST) {
                throw new VaultException(Failure.BOUNDS, "manifest of " + Long.toUnsignedString(header.manifestLen()) + " bytes exceeds the 128 MiB limit");
            }
            if (header.extensionDirLen() > ReaderLimits.MAX_EXTENSION_DIR) {
                throw new VaultException(Failure.BOUNDS, "extension directory of " + Long.toUnsignedString(header.extensionDirLen()) + " bytes exceeds the 16 MiB limit");
            }
            header.checkWithin(fileLen);
            // SPEC §15.2 step 5: the extension directory rules run before the manifest is decrypted.
            List<ExtensionEntry> exts = ManifestJson.readExtensions(
                    file.readExact(header.extensionDirOffset(), header.extensionDirLen(), "extension directory"));
            ManifestValidator.checkExtensions(exts, header.extensionPayloadLen());
            byte[] stored = file.readExact(header.manifestOffset(), header.manifestLen(), "manifest");
            java.util.concurrent.CompletableFuture<MetadataExtension.Loaded> metadata = metadataAhead
                    ? openMetadataAside(file, header, keys, exts, stored) : null;
            byte[] json = ManifestCrypto.open(keys, header.isPlaintextLane(), stored);
            // Each copy of a large manifest is let go as soon as it is used, not when this method
            // returns: run once, this frame is interpreted, and its locals stay reachable until
            // cleared. Holding both copies and the metadata's through both parses made a
            // 300,000-file vault need 350 MiB of heap to open, where its parsed form keeps 190.
            stored = null;
            Manifest manifest = ManifestJson.read(json);
            Wipe.zero(json);
            json = null;
            Map<String, Entry> byPath = ManifestValidator.validate(manifest, header.dataLen(), header.isPlaintextLane());
            VaultReader r = new VaultReader(file, header, keys, manifest, exts, byPath);
            r.openedMetadata = metadata;
            return r;
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    /**
     * The metadata extension's digest check, decryption and parse on a second thread while this
     * one parses the manifest (they need the stored bytes and the key, not the parsed manifest);
     * null when there is none to open.
     */
    private static java.util.concurrent.CompletableFuture<MetadataExtension.Loaded> openMetadataAside(VaultBytes file,
            VaultHeader header, VaultKeys keys, List<ExtensionEntry> exts, byte[] stored) {
        if (!MetadataExtension.present(exts) || header.isPlaintextLane()) {
            return null;
        }
        // The other thread hashes the stored manifest, then lets go of it (see open).
        java.util.concurrent.atomic.AtomicReference<byte[]> toHash = new java.util.concurrent.atomic.AtomicReference<>(stored);
        return java.util.concurrent.CompletableFuture.supplyAsync(
                () -> MetadataExtension.open(file, header, keys, exts, () -> MetadataExtension.manifestDigest(toHash.getAndSet(null))), task -> {
                    Thread t = new Thread(task, "vaultfs-metadata");
                    t.setDaemon(true);
                    t.start();
                });
    }

    /**
     * What {@link #openMetadataAside} found, once (null when nothing was opened ahead or that
     * failed unexpectedly: the caller then opens it itself and meets the failure there).
     */
    MetadataExtension.Loaded openedMetadata() {
        java.util.concurrent.CompletableFuture<MetadataExtension.Loaded> f;
        synchronized (this) {
            f = openedMetadata;
            openedMetadata = null;
        }
        if (f == null) {
            return null;
        }
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return null;
        }
    }

    private static VaultKeys unlock(VaultHeader header, byte[] password, PasswordKdf kdf) {
        if (header.isPlaintextLane()) {
            VaultKeys keys = VaultKeys.plaintextLane();
            try {
                header.verifyMac(keys.macKey());
            } catch (RuntimeException e) {
                keys.close();
                throw e;
            }
            return keys;
        }
        byte[] baseKek = kdf.derive(password, header.salt());
        try {
            return VaultKeys.unlock(header, baseKek);
        } finally {
            Wipe.zero(baseKek);
        }
    }

    /** The local file, when the source is one (sidecars sit beside it). */
    @Override
    public Optional<Path> localPath() {
        return file.source().localPath();
    }

    /** The source's name, for messages. */
    @Override
    public String name() {
        return file.source().name();
    }

    @Override
    public String modified() {
        return manifest.modified();
    }

    @Override
    public long dataOffset() {
        return header.dataOffset();
    }

    public VaultHeader header() {
        return header;
    }

    public Manifest manifest() {
        return manifest;
    }

    public List<ExtensionEntry> extensions() {
        return extensions;
    }

    VaultKeys keys() {
        return keys;
    }

    VaultBytes file() {
        return file;
    }

    @Override
    public List<Entry> entries() {
        return manifest.entries();
    }

    @Override
    public Optional<Entry> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public ChunkRecord chunk(String id) {
        ChunkRecord r = manifest.chunks().get(id);
        if (r == null) {
            throw new VaultException(Failure.MALFORMED, "missing chunk record " + id);
        }
        return r;
    }

    /** Reads the stored block of {@code r} (without its length prefix), checking the prefix. */
    public byte[] readStoredBlock(ChunkRecord r) {
        byte[] block = file.readExact(checkedBlockStart(r), r.blockLen(), "block " + r.blockIndex());
        file.recordRead(header.dataOffset() + r.dataOffset(), 8 + r.blockLen());
        return block;
    }

    /** Where the block of {@code r} starts after its length prefix, once the prefix agrees with the record. */
    private long checkedBlockStart(ChunkRecord r) {
        long pos = header.dataOffset() + r.dataOffset();
        byte[] prefix = file.readExact(pos, 8, "block length prefix");
        checkPrefix(r, LittleEndian.getLong(prefix, 0));
        return pos + 8;
    }

    private static void checkPrefix(ChunkRecord r, long declared) {
        if (declared != r.blockLen()) {
            // SPEC §6.5 step 3: a prefix that disagrees with the record is `bounds`.
            throw new VaultException(Failure.BLOCK_AUTH, "block " + r.blockIndex() + " (chunk " + r.id()
                    + ") length prefix is damaged: " + Long.toUnsignedString(declared) + " != " + r.blockLen());
        }
    }

    /**
     * Authenticates and decodes one chunk like {@link #readChunkWithCheckpoints}, but through
     * pooled scratch arrays: the plaintext goes to {@code to} and is wiped when it returns, so a
     * long-running reader (a mount) makes no garbage of chunk size. Returns the checkpoints, or
     * null when the chunk gets none.
     */
    public ChunkCheckpoints readChunkInto(ChunkRecord r, PlaintextConsumer to) {
        return withPooledBlock(r, (block, len, start) -> decoder.decodeInto(r, block, len, start, to));
    }

    /** A look at a stored block (nonce, ciphertext and tag) before it is decoded. */
    @FunctionalInterface
    public interface BlockCheck {
        boolean passes(byte[] block, int off, int len);
    }

    /**
     * Whether {@link #readChunkInto} reads whole records from the device from now on ({@code
     * on}) or through the page cache again; returns whether it does (a local file whose
     * filesystem takes O_DIRECT).
     */
    boolean readBlocksFromDevice(boolean on) {
        return file.readRecordsFromDevice(on);
    }

    /**
     * Whether the cached pages of each block are dropped once it has been read, from now on
     * ({@code on}) or no longer: for a pass that reads each block once (extraction). Returns
     * whether they are (a local file, vaultfs' C library).
     */
    public boolean dropBlocksOnceRead(boolean on) {
        if (!on) {
            file.keepRecordsCached();
            return false;
        }
        return file.dropRecordsOnceRead(header.dataOffset(), header.dataOffset() + header.dataLen());
    }

    /**
     * {@link #readChunkInto}, first showing the stored block to {@code stored} (verify checks
     * its cipher hash there); false, and nothing decoded, when it does not pass. Verify then
     * allocates nothing per chunk: a fresh block and plaintext array per chunk cost it a
     * memset of every byte and a tenth of its time in the collector.
     */
    public boolean readChunkInto(ChunkRecord r, BlockCheck stored, PlaintextConsumer to) {
        return withPooledBlock(r, (block, len, start) -> {
            if (!stored.passes(block, 0, len)) {
                return false;
            }
            decoder.decodeInto(r, block, len, start, to);
            return true;
        });
    }

    /**
     * Stored blocks read into native memory for {@link #readChunkIntoPages}: about as many as
     * decodes run at once, each as large as the default chunk maximum's block.
     */
    private static final DirectBufferPool DIRECT_BLOCKS = new DirectBufferPool((4 << 20) + (256 << 10), 4);

    /**
     * Whether {@link #readChunkIntoPages} can decode {@code r}: a chunk stored raw, under the
     * AEAD running in C, whose block fits a pooled native buffer.
     */
    public boolean readsIntoPages(ChunkRecord r) {
        return r.blockLen() + 8 <= DIRECT_BLOCKS.size() && decoder.decodesIntoPages(r, r.blockLen());
    }

    /**
     * Authenticates and decodes a chunk {@link #readsIntoPages} accepts into consecutive
     * native pages of {@code pageBytes} (enough of them for its plaintext), with no heap copy:
     * the block is read into native memory and opened from there into the pages. Returns
     * its checkpoints; throws like {@link #readChunk}, the written pages zeroed.
     */
    public ChunkCheckpoints readChunkIntoPages(ChunkRecord r, java.nio.ByteBuffer[] pages, int pageBytes) {
        if (!readsIntoPages(r)) {
            throw new IllegalArgumentException("chunk " + r.id() + " cannot be decoded into pages");
        }
        long pos = header.dataOffset() + r.dataOffset();
        int len = (int) r.blockLen();
        java.nio.ByteBuffer block = DIRECT_BLOCKS.take().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try {
            // The length prefix and the block in one read, not two.
            int n = file.readUpTo(pos, block, 8 + len);
            if (n < 8) {
                throw new VaultException(Failure.TRUNCATED, "block length prefix is truncated: file ends " + n + " bytes into it");
            }
            checkPrefix(r, block.getLong(0));
            if (n != 8 + len) {
                throw new VaultException(Failure.TRUNCATED, "block " + r.blockIndex() + " is truncated: file ends " + (n - 8) + " bytes into it");
            }
            return decoder.decodeIntoPages(r, block.slice(8, len), len, pos + 8, pages, pageBytes);
        } finally {
            DIRECT_BLOCKS.give(block);
        }
    }

    private interface PooledBlockUse<T> {
        T apply(byte[] block, int len, long start);
    }

    /** Reads {@code r}'s block into a pooled array for {@code use}, then wipes and returns the array. */
    private <T> T withPooledBlock(ChunkRecord r, PooledBlockUse<T> use) {
        int len = (int) r.blockLen(); // at most ReaderLimits.MAX_BLOCK, checked at open
        byte[] block = BlockDecoder.CHUNK_BUFFERS.take(len);
        try {
            long pos = header.dataOffset() + r.dataOffset();
            DeviceReads.Found whole = file.readRecord(pos, block, len);
            int n;
            if (whole != null) {
                // Prefix and block in one read from the device; checked in the order below.
                if (whole.bytes() < 8) {
                    throw new VaultException(Failure.TRUNCATED, "block length prefix is truncated: file ends " + whole.bytes() + " bytes into it");
                }
                checkPrefix(r, whole.prefix());
                n = whole.bytes() - 8;
            } else {
                n = file.readUpTo(checkedBlockStart(r), block, 0, len);
                file.recordRead(pos, 8L + len);
            }
            if (n != len) {
                throw new VaultException(Failure.TRUNCATED, "block " + r.blockIndex() + " is truncated: file ends " + n + " bytes into it");
            }
            return use.apply(block, len, pos + 8);
        } finally {
            java.util.Arrays.fill(block, 0, len, (byte) 0);
            BlockDecoder.CHUNK_BUFFERS.give(block);
        }
    }

    /** Authenticates and decodes one chunk to its plaintext. */
    public byte[] readChunk(ChunkRecord r) {
        return decoder.decode(r, readStoredBlock(r));
    }

    /**
     * Authenticates and decodes one chunk like {@link #readChunk}, keeping checkpoints when the
     * chunk is stored raw so that {@link #readVerifiedRange} can later serve parts of it.
     */
    public DecodedChunk readChunkWithCheckpoints(ChunkRecord r) {
        return decoder.decodeWithCheckpoints(r, readStoredBlock(r), header.dataOffset() + r.dataOffset() + 8);
    }

    /**
     * Authenticates a chunk only to keep its checkpoints (null when it gets none), through a
     * pooled buffer: a background pass over a large file then produces no garbage per
     * chunk, which on a heap mostly holding the block cache would mean full collections.
     */
    public ChunkCheckpoints authenticateForRanges(ChunkRecord r) {
        if (!r.storedRaw() || r.blockLen() > ReaderLimits.MAX_BLOCK) {
            return null;
        }
        long pos = header.dataOffset() + r.dataOffset();
        byte[] prefix = file.readExact(pos, 8, "block length prefix");
        if (LittleEndian.getLong(prefix, 0) != r.blockLen()) {
            return null; // a damaged prefix: the foreground read reports it
        }
        int len = (int) r.blockLen();
        byte[] buf = BlockDecoder.CHUNK_BUFFERS.take(len);
        try {
            if (file.readUpTo(pos + 8, buf, 0, len) != len) {
                return null;
            }
            return decoder.checkpointsOnly(r, buf, len, pos + 8);
        } finally {
            java.util.Arrays.fill(buf, 0, len, (byte) 0);
            BlockDecoder.CHUNK_BUFFERS.give(buf);
        }
    }

    /**
     * Copies {@code len} plaintext bytes at {@code offset} in the chunk into {@code dst}, reading
     * and authenticating only the 4 KiB segments that hold them. False when the bytes on disk
     * are no longer the ones authenticated (or cannot be read): nothing was copied, and a full
     * {@link #readChunk} will say what is wrong.
     */
    public boolean readVerifiedRange(ChunkCheckpoints c, long offset, int len, byte[] dst, int dstOff) {
        SivCheckpoints siv = c.siv();
        if (offset < 0 || len < 0 || offset + len > siv.textLength()) {
            throw new IllegalArgumentException("range outside the chunk");
        }
        int seg = siv.segment();
        byte[] buf = RANGE_BUFFERS.take();
        int done = 0;
        int used = 0;
        try {
            while (done < len) {
                long at = offset + done;
                int first = (int) (at / seg);
                long from = (long) first * seg;
                long to = Math.min(siv.textLength(), Math.min(from + buf.length, ceil(offset + len, seg)));
                int n = (int) (to - from);
                used = Math.max(used, n);
                if (file.readUpTo(c.ciphertextPos() + from, buf, 0, n) != n || !siv.open(first, buf, 0, n, buf, 0)) {
                    return false;
                }
                int take = (int) Math.min(len - done, to - at);
                System.arraycopy(buf, (int) (at - from), dst, dstOff + done, take);
                done += take;
            }
            return true;
        } catch (VaultException e) {
            return false;
        } finally {
            java.util.Arrays.fill(buf, 0, used, (byte) 0); // plaintext: kept only where the caller put it
            RANGE_BUFFERS.give(buf);
        }
    }

    private static long ceil(long v, int unit) {
        return (v + unit - 1) / unit * unit;
    }

    byte[] decodeStoredBlock(ChunkRecord r, byte[] block) {
        return decoder.decode(r, block);
    }

    /** {@link #readChunkInto}'s decode on a block in hand (decoded in place). */
    ChunkCheckpoints decodeStoredBlockInto(ChunkRecord r, byte[] block, PlaintextConsumer to) {
        return decoder.decodeInto(r, block, block.length, 0, to);
    }

    /** The file's chunk table for random access. */
    @Override
    public EntryLayout layout(Entry e) {
        return EntryLayout.of(this, e);
    }

    /** Sequential stream of a file's bytes, decoding one block at a time. */
    public java.io.InputStream openStream(Entry e) {
        return new EntryInputStream(layout(e), this::readChunk, true);
    }

    @Override
    public void close() {
        keys.close();
        aead.destroy();
        file.close();
    }
}

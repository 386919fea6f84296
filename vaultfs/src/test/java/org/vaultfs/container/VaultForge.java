package org.vaultfs.container;

import org.vaultfs.bytes.LittleEndian;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.crypt.HmacSha512;
import org.vaultfs.crypt.SecureRandomSource;
import org.vaultfs.testing.CachingKdf;

/**
 * Test-only forger of hostile vaults. It unlocks a vault written by {@link VaultEditor} with
 * its real password, exposes every region for mutation (header fields or raw header bytes,
 * data section, manifest JSON / {@link Manifest}, extension directory and payload), then
 * re-seals the manifest under the vault's real master key and re-MACs the header under the
 * real MAC key. Hostile content therefore passes the outer authentication and reaches the
 * inner checks the test is aimed at. Lives in the container package (test sources) because
 * it needs the package-private key and manifest plumbing; no library code depends on it.
 */
public final class VaultForge {
    /** The header as it will be written; layout fields are recomputed unless {@link #keepHeaderLayout()}. */
    public final VaultHeader.Builder header;
    public final byte[] masterKey;
    public final byte[] macKey;
    public byte[] data;
    /** Decrypted manifest JSON text; written back verbatim (so it may be made invalid on purpose). */
    public String manifestJson;
    public byte[] extensionDir;
    public byte[] extensionPayload;
    /** When set, the stored manifest bytes are used verbatim instead of sealing {@link #manifestJson}. */
    public byte[] storedManifestOverride;

    private boolean relayout = true;
    private boolean remac = true;
    private Consumer<VaultHeader.Builder> headerEdit = h -> { };
    private Consumer<byte[]> rawHeaderEdit = b -> { };

    private VaultForge(VaultHeader.Builder header, byte[] masterKey, byte[] macKey, byte[] data, String json,
                       byte[] extDir, byte[] extPayload) {
        this.header = header;
        this.masterKey = masterKey;
        this.macKey = macKey;
        this.data = data;
        this.manifestJson = json;
        this.extensionDir = extDir;
        this.extensionPayload = extPayload;
    }

    /** Unlocks {@code vault} (which must be valid) and captures all of its regions and keys. */
    public static VaultForge load(Path vault, byte[] password) {
        try (VaultReader r = VaultReader.open(vault, password, CachingKdf.INSTANCE)) {
            VaultHeader.Builder h = r.header().toBuilder();
            // The reader wipes its keys on close, so keep copies.
            byte[] master = r.keys().masterKey().clone();
            byte[] mac = r.keys().macKey().clone();
            VaultBytes f = r.file();
            byte[] data = f.readExact(h.dataOffset, h.dataLen, "data");
            byte[] stored = f.readExact(h.manifestOffset, h.manifestLen, "manifest");
            byte[] json = ManifestCrypto.open(r.keys(), (h.flags & VaultHeader.FLAG_PLAINTEXT) != 0, stored);
            byte[] dir = f.readExact(h.extensionDirOffset, h.extensionDirLen, "dir");
            byte[] payload = f.readExact(h.extensionPayloadOffset, h.extensionPayloadLen, "payload");
            return new VaultForge(h, master, mac, data, new String(json, StandardCharsets.UTF_8), dir, payload);
        }
    }

    // ---------------------------------------------------------------- manifest

    /** Parses the current JSON without any validation, into a builder a test can edit. */
    public Manifest.Builder manifest() {
        return ManifestJson.read(manifestJson.getBytes(StandardCharsets.UTF_8)).toBuilder();
    }

    public VaultForge manifest(Manifest.Builder m) {
        manifestJson = new String(ManifestJson.write(m.build()), StandardCharsets.UTF_8);
        return this;
    }

    public VaultForge editManifest(Consumer<Manifest.Builder> edit) {
        Manifest.Builder m = manifest();
        edit.accept(m);
        return manifest(m);
    }

    public VaultForge editJson(UnaryOperator<String> edit) {
        manifestJson = edit.apply(manifestJson);
        return this;
    }

    public VaultForge extensionDirectory(String json) {
        extensionDir = json.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    // ---------------------------------------------------------------- header

    /** Keep every offset/length the test set on {@link #header} instead of recomputing the layout. */
    public VaultForge keepHeaderLayout() {
        relayout = false;
        return this;
    }

    /** Write the header MAC field as it stands (stale) instead of recomputing it. */
    public VaultForge skipMac() {
        remac = false;
        return this;
    }

    /** Edits header fields after the layout is computed and before the MAC. */
    public VaultForge editHeader(Consumer<VaultHeader.Builder> edit) {
        headerEdit = headerEdit.andThen(edit);
        return this;
    }

    /** Edits the raw 1024 header bytes (reserved range, version, header_len ...) before the MAC. */
    public VaultForge editHeaderBytes(Consumer<byte[]> edit) {
        rawHeaderEdit = rawHeaderEdit.andThen(edit);
        return this;
    }

    // ---------------------------------------------------------------- blocks

    /** nonce || AES-256-GCM-SIV(payload) under the real master key and the block AAD of SPEC §6.2. */
    public byte[] sealBlock(long blockIndex, String chunkId, byte[] payload) {
        byte[] nonce = SecureRandomSource.INSTANCE.nextBytes(12);
        AesGcmSiv aead = new AesGcmSiv(masterKey);
        try {
            byte[] ct = aead.seal(nonce, payload, 0, payload.length, BlockAad.of(blockIndex, chunkId));
            byte[] out = Arrays.copyOf(nonce, 12 + ct.length);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return out;
        } finally {
            aead.destroy();
        }
    }

    /** Appends a record (u64 length prefix || block) to the data section; returns its data offset. */
    public long appendRecord(byte[] block) {
        long off = data.length;
        byte[] d = Arrays.copyOf(data, data.length + 8 + block.length);
        LittleEndian.putLong(d, (int) off, block.length);
        System.arraycopy(block, 0, d, (int) off + 8, block.length);
        data = d;
        return off;
    }

    /** The stored block bytes (without prefix) of a record, read from {@link #data}. */
    public byte[] storedBlock(ChunkRecord r) {
        return Arrays.copyOfRange(data, (int) r.dataOffset() + 8, (int) (r.dataOffset() + 8 + r.blockLen()));
    }

    public static String cipherHash(byte[] block) {
        return BlockDecoder.cipherHash(block, 0, block.length);
    }

    /** Opens a stored block under the real key (test oracle for forged blocks). */
    public byte[] openBlock(ChunkRecord r, byte[] block) {
        AesGcmSiv aead = new AesGcmSiv(masterKey);
        try {
            return aead.open(Arrays.copyOf(block, 12), block, 12, block.length - 12, BlockAad.of(r.blockIndex(), r.id()));
        } finally {
            aead.destroy();
        }
    }

    // ---------------------------------------------------------------- output

    public byte[] sealManifest(byte[] json) {
        if ((header.flags & VaultHeader.FLAG_PLAINTEXT) != 0) {
            return json;
        }
        byte[] nonce = SecureRandomSource.INSTANCE.nextBytes(12);
        AesGcmSiv aead = new AesGcmSiv(masterKey);
        try {
            byte[] ct = aead.seal(nonce, json, 0, json.length, BlockAad.MANIFEST);
            byte[] out = Arrays.copyOf(nonce, 12 + ct.length);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return out;
        } finally {
            aead.destroy();
        }
    }

    public byte[] toBytes() {
        byte[] manifest = storedManifestOverride != null ? storedManifestOverride
                : sealManifest(manifestJson.getBytes(StandardCharsets.UTF_8));
        VaultHeader.Builder h = header.build().toBuilder();
        if (relayout) {
            h.dataOffset = VaultHeader.SIZE;
            h.dataLen = data.length;
            h.manifestOffset = h.dataOffset + h.dataLen;
            h.manifestLen = manifest.length;
            h.extensionDirOffset = h.manifestOffset + h.manifestLen;
            h.extensionDirLen = extensionDir.length;
            h.extensionPayloadOffset = h.extensionDirOffset + h.extensionDirLen;
            h.extensionPayloadLen = extensionPayload.length;
        }
        headerEdit.accept(h);
        byte[] hb = h.build().toBytes();
        rawHeaderEdit.accept(hb);
        if (remac) {
            byte[] key = (hb[11] & VaultHeader.FLAG_PLAINTEXT) != 0 ? VaultKeys.plaintextLane().macKey() : macKey;
            Arrays.fill(hb, VaultHeader.MAC_OFFSET, VaultHeader.SIZE, (byte) 0);
            System.arraycopy(HmacSha512.mac(key, hb), 0, hb, VaultHeader.MAC_OFFSET, VaultHeader.MAC_LEN);
        }
        byte[] out = new byte[hb.length + data.length + manifest.length + extensionDir.length + extensionPayload.length];
        int p = 0;
        for (byte[] part : new byte[][] {hb, data, manifest, extensionDir, extensionPayload}) {
            System.arraycopy(part, 0, out, p, part.length);
            p += part.length;
        }
        return out;
    }

    public Path writeTo(Path target) {
        try {
            Files.write(target, toBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

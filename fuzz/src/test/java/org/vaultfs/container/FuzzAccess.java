package org.vaultfs.container;

import java.util.List;

/**
 * Fuzz-only bridge to the package-private reader stages (manifest validation, manifest AEAD,
 * block decoding), so each fuzz target can drive one stage in memory, with a real key, without
 * writing a file per execution. Lives in the fuzz module's test sources; the library does not
 * depend on it.
 */
public final class FuzzAccess {
    private FuzzAccess() {
    }

    /** SPEC §15.2 step 6 after the JSON parse: format, wrappers, lane, paths, records, extents. */
    public static void validate(Manifest m, long dataLen, boolean plaintextLane) {
        ManifestValidator.validate(m, dataLen, plaintextLane);
    }

    /** The canonical-form fast path of the manifest parse: null where it leaves the text to the general reader. */
    public static Manifest canonicalManifest(byte[] json) {
        return CanonicalManifestReader.read(json);
    }

    /** The general (Jackson) manifest reader, the one that decides every refusal. */
    public static Manifest generalManifest(byte[] json) {
        return ManifestJsonReader.read(json);
    }

    /** SPEC §12.2 rules 3-5. */
    public static void checkExtensions(List<ExtensionEntry> exts, long payloadLen) {
        ManifestValidator.checkExtensions(exts, payloadLen);
    }

    /** The manifest AEAD open of an encrypted-lane vault, under {@code reader}'s real keys. */
    public static byte[] openManifest(VaultReader reader, byte[] stored) {
        return ManifestCrypto.open(reader.keys(), false, stored);
    }

    /** The reader's block decoder (AEAD open, then bounded decompression) on a stored block. */
    public static byte[] decodeBlock(VaultReader reader, ChunkRecord r, byte[] block) {
        return reader.decodeStoredBlock(r, block);
    }

    /** The mount's pooled decode of the same block (on a copy: it decodes in place); the plaintext it handed over. */
    public static byte[] decodeBlockInto(VaultReader reader, ChunkRecord r, byte[] block) {
        byte[][] got = new byte[1][];
        reader.decodeStoredBlockInto(r, block.clone(), (b, off, len) -> got[0] = java.util.Arrays.copyOfRange(b, off, off + len));
        return got[0];
    }

    /** The stored manifest bytes of an open vault, as read from its file. */
    public static byte[] storedManifest(VaultReader reader) {
        VaultHeader h = reader.header();
        return reader.file().readExact(h.manifestOffset(), h.manifestLen(), "manifest");
    }
}

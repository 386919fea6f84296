package org.vaultfs.container;

import java.security.MessageDigest;
import java.util.Map;
import org.vaultfs.crypt.RandomSource;
import org.vaultfs.crypt.Wipe;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.metadata.MetadataJson;
import org.vaultfs.metadata.MetadataSeal;
import org.vaultfs.metadata.TreeMetadata;

/**
 * The vaultfs metadata extension in an AEROVAULT3 vault (SPEC.md §20): a non-critical entry of
 * the extension directory whose payload is sealed to the stored manifest. Reading never fails
 * an open: a payload that is foreign, stale, of an unknown version, malformed or past a limit
 * is ignored, and the reason is handed back for the caller to report.
 */
public final class MetadataExtension {
    /** What the vault carries, and why it carried nothing usable (null when all was well or absent). */
    public record Loaded(TreeMetadata metadata, String warning) {
    }

    private MetadataExtension() {
    }

    static boolean isMetadata(ExtensionEntry x) {
        return x.extensionId().equals(MetadataSeal.EXTENSION_ID);
    }

    public static Loaded read(VaultReader r) {
        Loaded opened = r.openedMetadata();
        if (opened == null) {
            opened = open(r.file(), r.header(), r.keys(), r.extensions(), () -> storedManifestDigest(r));
        }
        if (opened.warning() != null || opened.metadata().all().isEmpty()) {
            return opened;
        }
        TreeMetadata t = opened.metadata();
        int dropped = t.retainConsistent(p -> r.find(p).map(e -> !e.isDir()).orElse(false),
                p -> r.find(p).map(Entry::isDir).orElse(false));
        return new Loaded(t, dropped == 0 ? null : "vaultfs metadata: " + dropped
                + " records describe no entry of this vault and were ignored");
    }

    /**
     * Everything of {@link #read} that needs only the stored bytes and the key, not the parsed
     * manifest: VaultReader runs it on a second core while the manifest is parsed (at a mount of
     * 44,000 files the two took 0.47 and 0.28 s one after the other).
     */
    static Loaded open(VaultBytes file, VaultHeader header, VaultKeys keys, java.util.List<ExtensionEntry> extensions,
                       java.util.function.Supplier<byte[]> storedManifestDigest) {
        ExtensionEntry x = extensions.stream().filter(MetadataExtension::isMetadata).findFirst().orElse(null);
        if (x == null || header.isPlaintextLane()) {
            return new Loaded(TreeMetadata.empty(), null);
        }
        if (!x.algorithmId().equals(MetadataSeal.ALGORITHM_ID) || x.algorithmVersion() != MetadataSeal.ALGORITHM_VERSION) {
            return ignored("it is " + x.algorithmId() + " version " + x.algorithmVersion() + ", which this vaultfs does not know");
        }
        if (x.length() > MetadataSeal.maxPayload()) {
            return ignored("its payload of " + x.length() + " bytes exceeds the " + (MetadataJson.MAX_PLAINTEXT >> 20) + " MiB limit");
        }
        try {
            byte[] payload = file.readExact(header.extensionPayloadOffset() + x.offset(), x.length(), "metadata extension");
            // Asked for only here: a vault without the extension never hashes its manifest.
            byte[] json = MetadataSeal.open(keys.masterKey(), storedManifestDigest.get(), payload);
            payload = null; // let go before the parse, as VaultReader.open does with the manifest
            if (json == null) {
                return ignored("it does not open under this vault's key and manifest (copied from another vault, or the vault"
                        + " was edited since by a tool that does not keep it)");
            }
            TreeMetadata t;
            try {
                t = MetadataJson.read(json);
            } finally {
                Wipe.zero(json); // plaintext names and owners, also when it does not parse
            }
            json = null;
            for (String p : t.all().keySet()) {
                VaultPaths.requireCanonical(p);
            }
            return new Loaded(t, null);
        } catch (VaultException e) {
            return ignored(e.getMessage());
        }
    }

    /** Whether the extension directory holds a metadata entry worth opening ahead. */
    static boolean present(java.util.List<ExtensionEntry> extensions) {
        return extensions.stream().anyMatch(MetadataExtension::isMetadata);
    }

    /** What the payload is sealed to: the digest of the manifest as stored. */
    static byte[] manifestDigest(byte[] storedManifest) {
        return org.vaultfs.crypt.Sha256.digest(storedManifest, 0, storedManifest.length);
    }

    private static Loaded ignored(String why) {
        return new Loaded(TreeMetadata.empty(), "vaultfs metadata ignored (modes, owners, links and times fall back to"
                + " defaults): " + why);
    }

    private static byte[] storedManifestDigest(VaultReader r) {
        MessageDigest md = MetadataSeal.manifestDigest();
        long at = r.header().manifestOffset();
        long end = at + r.header().manifestLen();
        byte[] buf = new byte[(int) Math.min(1 << 20, Math.max(1, end - at))];
        while (at < end) {
            int n = (int) Math.min(buf.length, end - at);
            int got = r.file().readUpTo(at, buf, 0, n);
            if (got <= 0) {
                throw new VaultException(org.vaultfs.error.Failure.TRUNCATED, "the manifest ends past the end of the file");
            }
            md.update(buf, 0, got);
            at += got;
        }
        return md.digest();
    }

    /**
     * The payload's plaintext: the records of the paths in {@code paths} (others dropped), or null
     * when none is left. Needs nothing of the manifest's sealing, so a writer can run it beside
     * that (the caller owns and wipes the result, or hands it to {@link #seal}).
     */
    static byte[] serialize(TreeMetadata metadata, EntryTree.PathKinds paths) {
        metadata.retainConsistent(paths.files()::contains, paths.dirs()::contains);
        return metadata.isEmpty() ? null : MetadataJson.write(metadata);
    }

    /**
     * The extension entry (offset 0, to be placed) and sealed payload for {@link #serialize}'s
     * output, bound to {@code sealedManifest}; the text is wiped. Null when there was nothing to carry.
     */
    static Map.Entry<ExtensionEntry, byte[]> seal(byte[] json, byte[] masterKey, byte[] sealedManifest, RandomSource random) {
        if (json == null) {
            return null;
        }
        if (json.length > MetadataJson.MAX_PLAINTEXT) {
            int len = json.length;
            Wipe.zero(json);
            throw new VaultException(Failure.BOUNDS, "the metadata of this tree would take " + len + " bytes, past the "
                    + (MetadataJson.MAX_PLAINTEXT >> 20) + " MiB a reader accepts: split it into several vaults,"
                    + " or store plain files only (--no-metadata)");
        }
        byte[] payload = MetadataSeal.seal(masterKey, manifestDigest(sealedManifest), json, random);
        Wipe.zero(json);
        return Map.entry(new ExtensionEntry(MetadataSeal.EXTENSION_ID, MetadataSeal.ALGORITHM_ID, MetadataSeal.ALGORITHM_VERSION,
                false, 0, payload.length), payload);
    }

}

package org.vaultfs.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultForge;
import org.vaultfs.container.VaultHeader;
import org.vaultfs.crypt.AesGcmSiv;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.DeterministicRandom;

/**
 * The vault vectors (vault-*.txt) of the index of testdata/vectors/README.md. Each vault is written by vaultfs's
 * {@link VaultEditor} in deterministic test-vector mode (SPEC §16: the BLAKE3 stream, clock
 * frozen at 2026-06-17T00:00:00Z, entry times from the clock), from the trees written out
 * below. The expected tree digest is computed from the source tree on disk, never from an
 * extraction, so a reader bug cannot leak into the expected value.
 *
 * <p>Failure vectors start from a valid vault and change exactly what the index of testdata/vectors/README.md says. Where
 * the change is inside an authenticated region, {@link VaultForge} re-MACs the header with the
 * vault's MAC key and the manifest is re-sealed under its master key with the nonce taken
 * from the next draw of the same deterministic stream (so the output stays reproducible).
 * Every failure vault holds the failing object in its first extracted entry, with no
 * directory before it, so a conforming reader has written nothing when it stops.
 */
final class VaultVectors {
    static final String PASSWORD = "conformance-vector-pw";
    /** NFC; its UTF-8 bytes are the Argon2id input (SPEC §4.1: no normalization). */
    static final String UNICODE_PASSWORD = "p\u00e4ssw\u00f6rd-\u043a\u043b\u044e\u0447-\uD83D\uDD11";
    static final String TIME = "2026-06-17T00:00:00Z";
    static final String GOLDEN_FILE = "../shared/fixtures/aerovault/aerovault3_golden.av3";
    static final String EMPTY_MANIFEST = "{\"format\":3,\"created\":\"2026-06-17T00:00:00Z\",\"modified\":\"2026-06-17T00:00:00Z\","
            + "\"wrappers\":{\"packing\":{\"algorithm_id\":\"small-file-batching\",\"algorithm_version\":1},\"chunking\":"
            + "{\"algorithm_id\":\"gear-cdc\",\"algorithm_version\":1,\"bounds\":{\"min\":262144,\"avg\":1048576,\"max\":4194304}},"
            + "\"chunk_id\":{\"algorithm_id\":\"blake3-keyed-128\",\"algorithm_version\":1},\"compression\":{\"algorithm_id\":"
            + "\"zstd\",\"algorithm_version\":1,\"level\":9},\"crypt\":{\"algorithm_id\":\"aes-256-gcm-siv\",\"algorithm_version\":1},"
            + "\"cipher_hash\":{\"algorithm_id\":\"blake3-256\",\"algorithm_version\":1}},\"entries\":[],\"chunks\":{}}";

    private final Path work;
    private int counter;

    VaultVectors(Path work) {
        this.work = work;
    }

    // ------------------------------------------------------------------ building

    /** One vault under construction plus the tree it must extract to. */
    final class Build {
        final Path dir;
        final Path vault;
        final byte[] password;
        final DeterministicRandom random = new DeterministicRandom();
        final EditOptions opts;
        final TreeMap<String, byte[]> files = new TreeMap<>();
        final TreeSet<String> dirs = new TreeSet<>();
        int step;

        Build(String password) {
            this(password, null);
        }

        /** {@code ecPct} non-null: created with embedded error correction (SPEC 13), which draws nothing. */
        Build(String password, Integer ecPct) {
            this(password, ecPct, 0);
        }

        /** {@code skip} bytes of the stream drawn first: another salt and other keys than every other vector's. */
        Build(String password, Integer ecPct, int skip) {
            random.nextBytes(skip);
            this.dir = work.resolve("v" + (counter++));
            this.vault = dir.resolve("vault.av3");
            this.password = password.getBytes(StandardCharsets.UTF_8);
            // One thread: output does not depend on it (GoldenReproductionTest), but the vectors need not rely on that.
            EditOptions o = EditOptions.defaults().withRandom(random)
                    .withClock(Clock.fixed(Instant.parse(TIME), ZoneOffset.UTC))
                    .withSourceTimestamps(false).withMetadata(org.vaultfs.container.MetadataCapture.NONE).withKdf(CachingKdf.INSTANCE).withThreads(1);
            this.opts = ecPct == null ? o : o.withErrorCorrection(ecPct, org.vaultfs.container.EcPlacement.EMBEDDED);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (VaultEditor ed = VaultEditor.create(vault, this.password, opts)) {
                ed.commit();
            }
        }

        Build mkdir(String path) {
            try (VaultEditor ed = VaultEditor.open(vault, password, opts)) {
                ed.mkdir(path);
                ed.commit();
            }
            addDirs(path + "/x");
            return this;
        }

        /** One add operation (one save) of the given files, in the given order. */
        Build add(Object... pathsAndContents) {
            Path src = dir.resolve("src" + (step++));
            List<VaultEditor.Source> sources = new ArrayList<>();
            try {
                for (int i = 0; i < pathsAndContents.length; i += 2) {
                    String p = (String) pathsAndContents[i];
                    byte[] content = (byte[]) pathsAndContents[i + 1];
                    Path f = src.resolve("f" + i);
                    Files.createDirectories(src);
                    Files.write(f, content);
                    sources.add(new VaultEditor.Source(f, p));
                    files.put(p, content);
                    addDirs(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (VaultEditor ed = VaultEditor.open(vault, password, opts)) {
                ed.addFiles(sources);
                ed.commit();
            }
            return this;
        }

        private void addDirs(String path) {
            for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
                dirs.add(path.substring(0, i));
            }
        }

        byte[] bytes() {
            try {
                return Files.readAllBytes(vault);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Tree digest of the expected tree, written to disk from the model (not from the vault). */
        String treeDigest() {
            Path t = dir.resolve("expected" + (step++));
            try {
                Files.createDirectories(t);
                for (String d : dirs) {
                    Files.createDirectories(t.resolve(d));
                }
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Files.write(t.resolve(e.getKey()), e.getValue());
                }
                return TreeDigest.of(t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Loads the vault into a {@link VaultForge}, applies {@code edit}, and renders it. The stored
         * manifest is kept verbatim unless {@code reseal}, in which case the edited JSON is sealed
         * under the master key with a nonce from the next draw of this vault's stream.
         */
        byte[] forge(boolean reseal, Consumer<VaultForge> edit) {
            VaultForge vf = VaultForge.load(vault, password);
            byte[] original = bytes();
            VaultHeader h = VaultHeader.parse(Arrays.copyOf(original, VaultHeader.SIZE));
            edit.accept(vf);
            if (reseal) {
                byte[] json = vf.manifestJson.getBytes(StandardCharsets.UTF_8);
                byte[] nonce = random.nextBytes(12);
                AesGcmSiv siv = new AesGcmSiv(vf.masterKey);
                try {
                    vf.storedManifestOverride = Primitives.cat(nonce,
                            siv.seal(nonce, json, 0, json.length, Primitives.ascii("AeroVault v3 manifest")));
                } finally {
                    siv.destroy();
                }
            } else {
                vf.storedManifestOverride = Arrays.copyOfRange(original, (int) h.manifestOffset(),
                        (int) (h.manifestOffset() + h.manifestLen()));
            }
            return vf.toBytes();
        }
    }

    // ------------------------------------------------------------------ content

    static byte[] text(String line, int repeat) {
        return line.repeat(repeat).getBytes(StandardCharsets.UTF_8);
    }

    /** A compressible large file: {@code n} bytes repeating a 256-byte pseudo-random block. */
    static byte[] repeating(String label, int n) {
        byte[] unit = Primitives.prng(label, 256);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    static byte[] filled(int n, int b) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }

    static VectorFile vault(String name, String description, String section, String expected, String password) {
        VectorFile f = new VectorFile(name).put("description", description).put("section", section).put("expected", expected);
        if (password != null) {
            f.put("password", password);
        }
        return f;
    }

    static VectorFile success(String name, String description, String section, Build b) {
        VectorFile f = vault(name, description, section, "success", PASSWORD);
        if (!Arrays.equals(b.password, PASSWORD.getBytes(StandardCharsets.UTF_8))) {
            f.put("password", new String(b.password, StandardCharsets.UTF_8));
        }
        f.put("tree-digest", b.treeDigest());
        f.payload = b.bytes();
        return f;
    }

    static VectorFile failure(String name, String description, String section, String expected, byte[] vault) {
        VectorFile f = vault(name, description, section, expected, PASSWORD);
        f.payload = vault;
        return f;
    }

    // ------------------------------------------------------------------ the vectors

    static final String SECRET_LINE = "AeroVault conformance: the first extracted file of every failure vector.\n";

    /** The base of most failure vectors: one compressible small file at the root (one packed chunk). */
    Build secretBase() {
        return new Build(PASSWORD).add("secret.txt", text(SECRET_LINE, 20));
    }

    List<VectorFile> all() {
        List<VectorFile> out = new ArrayList<>();
        out.add(golden());
        out.addAll(successes());
        out.addAll(failures());
        out.addAll(readerRules());
        out.addAll(aerovault2());
        out.addAll(aerovault2Failures());
        out.addAll(metadataVectors());
        return out;
    }

    static final String[][] AEROVAULT2_FIXTURES = {
        {"vault-v2-default.txt", "v2-default.aerovault", "header version 3, chunk AAD with file_id, 64 KiB chunks"},
        {"vault-v2-cascade.txt", "v2-cascade.aerovault", "the ChaCha20-Poly1305 cascade over GCM-SIV"},
        {"vault-v2-legacy-aad.txt", "v2-legacy-aad.aerovault", "header version 2, entries without file_id (index-only AAD)"},
        {"vault-v2-16k-chunks.txt", "v2-16k-chunks.aerovault", "16 KiB chunks"},
    };

    /**
     * The AEROVAULT2 fixtures, by reference like the golden one. Their tree digest is taken from
     * an extraction that must match the fixtures' own tree.sha256 and tree.dirs, written by the
     * independent implementation that made them, so the digest does not rest on vaultfs alone.
     */
    static List<VectorFile> aerovault2() {
        List<VectorFile> out = new ArrayList<>();
        for (String[] fx : AEROVAULT2_FIXTURES) {
            Path file = Aerovault2Trees.fixture(fx[1]);
            VectorFile f = vault(fx[0], "AEROVAULT2 fixture " + fx[1] + " (" + fx[2] + "), by reference; password "
                    + Aerovault2Trees.PASSWORD + ".", "19.2, 19.3, 19.4, 19.5", "success", Aerovault2Trees.PASSWORD);
            f.put("tree-digest", Aerovault2Trees.checkedTreeDigest(file));
            f.put("payload-file", "../shared/fixtures/aerovault2/" + fx[1]);
            try {
                f.put("payload-sha256", Hex.of(sha256(Files.readAllBytes(file))));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.add(f);
        }
        return out;
    }

    /**
     * A new AEROVAULT2 vault written by vaultfs in test-vector mode (the BLAKE3 stream, the frozen
     * clock) from {@code files}, sealed in path order: the first file's chunks open the data section.
     */
    byte[] aerovault2Vault(boolean cascade, int chunkSize, Object... pathsAndContents) {
        Path dir = work.resolve("v" + (counter++));
        Path src = dir.resolve("src");
        Path vault = dir.resolve("vault.aerovault");
        try {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                Path f = src.resolve((String) pathsAndContents[i]);
                Files.createDirectories(f.getParent());
                Files.write(f, (byte[]) pathsAndContents[i + 1]);
            }
            EditOptions o = EditOptions.defaults().withRandom(new DeterministicRandom())
                    .withClock(Clock.fixed(Instant.parse(TIME), ZoneOffset.UTC))
                    .withSourceTimestamps(false).withKdf(CachingKdf.INSTANCE).withThreads(1);
            org.vaultfs.Vault.sealAerovault2(src, vault, PASSWORD.getBytes(StandardCharsets.UTF_8), cascade, chunkSize, o);
            return Files.readAllBytes(vault);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where an AEROVAULT2 vault's data section starts: header, u32 manifest length, manifest text. */
    static int aerovault2DataStart(byte[] v) {
        return 516 + (int) (u32At(v, 512));
    }

    static long u32At(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    /** The named AEROVAULT2 failures of SPEC §19.6, each one change to a vault vaultfs wrote. */
    List<VectorFile> aerovault2Failures() {
        List<VectorFile> out = new ArrayList<>();
        byte[] good = aerovault2Vault(false, 65536, "secret.txt", text(SECRET_LINE, 20));
        int data = aerovault2DataStart(good);

        VectorFile wrong = failure("vault-v2-wrong-password.txt", "A valid AEROVAULT2 vault opened with a different password.",
                "19.3, 19.6", "wrong-password", good);
        wrong.put("password", "not-the-password");
        out.add(wrong);

        byte[] mac = good.clone();
        mac[124] ^= 1; // chunk_size, covered by the MAC
        out.add(failure("vault-v2-header-mac.txt", "Bit 0 of the chunk size (header byte 124) flipped, MAC not recomputed.",
                "19.2, 19.6", "header-mac", mac));

        byte[] manifest = good.clone();
        int at = 516 + 40; // a base64url character inside the sealed manifest
        manifest[at] = (byte) (manifest[at] == 'A' ? 'B' : 'A');
        out.add(failure("vault-v2-manifest-auth.txt", "One base64url character of the manifest text (file byte 556) changed to"
                + " another valid one: the AES-SIV tag no longer matches.", "19.4, 19.6", "manifest-auth", manifest));

        byte[] tag = good.clone();
        tag[data + 4 + (int) u32At(good, data) - 1] ^= 1; // last byte of the only chunk: its GCM-SIV tag
        out.add(failure("vault-v2-chunk-tag.txt", "Bit 0 of the last byte (the AES-GCM-SIV tag) of the only chunk flipped.",
                "19.5, 19.6", "block-auth", tag));

        byte[] cascade = aerovault2Vault(true, 65536, "secret.txt", text(SECRET_LINE, 20));
        int cdata = aerovault2DataStart(cascade);
        cascade[cdata + 4 + 12 + 3] ^= 1; // inside the ChaCha20-Poly1305 ciphertext, which wraps the GCM-SIV nonce
        out.add(failure("vault-v2-cascade-layer.txt", "Cascade vault: bit 0 of the fourth byte of the only chunk's"
                + " ChaCha20-Poly1305 ciphertext flipped (the outer layer fails before GCM-SIV is tried).", "19.5, 19.6",
                "block-auth", cascade));

        byte[] two = aerovault2Vault(false, 4096, "a.bin", repeating("AeroVault v2 swapped chunks", 8192));
        int tdata = aerovault2DataStart(two);
        int rec = 4 + (int) u32At(two, tdata);
        if (u32At(two, tdata + rec) != rec - 4) {
            throw new IllegalStateException("the two chunk records differ in length");
        }
        byte[] swapped = two.clone();
        System.arraycopy(two, tdata, swapped, tdata + rec, rec);
        System.arraycopy(two, tdata + rec, swapped, tdata, rec);
        out.add(failure("vault-v2-swapped-chunks.txt", "A file of two 4096-byte chunks (equal record lengths) whose two records"
                + " are exchanged in the data section: each fails its AAD (chunk index).", "19.5, 19.6", "block-auth", swapped));

        out.add(failure("vault-v2-truncated.txt", "The last byte of the file removed (the only chunk ends past the end of the"
                + " file).", "19.6", "truncated", Arrays.copyOf(good, good.length - 1)));

        byte[] bounds = good.clone();
        bounds[512] = 1;
        bounds[513] = 0;
        bounds[514] = 0;
        bounds[515] = 4; // manifest length 64 MiB + 1
        out.add(failure("vault-v2-bounds-manifest.txt", "The manifest length (u32 at 512) set to 67108865 (64 MiB + 1),"
                + " refused before it is read.", "19.6", "bounds", bounds));

        byte[] chunkLen = good.clone();
        chunkLen[data + 3] = 0x40; // the only chunk's u32 length prefix now exceeds chunk_size + overhead
        out.add(failure("vault-v2-bounds-chunk.txt", "The only chunk's u32 length prefix given a top byte of 0x40 (over"
                + " chunk_size + overhead), refused before it is read.", "19.6", "bounds", chunkLen));
        return out;
    }

    /** The metadata records of the metadata vectors (SPEC §20): a file with owner names and an xattr, a directory, a hard link pair. */
    static void putVectorMetadata(org.vaultfs.container.TreeEdit ed, int xattrBytes) {
        java.util.List<org.vaultfs.metadata.Xattr> x = List.of(new org.vaultfs.metadata.Xattr("user.comment", filled(xattrBytes, 'v')));
        ed.putMetadata("bin/tool", new org.vaultfs.metadata.NodeMetadata(org.vaultfs.metadata.NodeKind.FILE, 0755, 1000, 1000,
                "alice", "staff", 1_750_118_400L, 123_456_789, null, 0, 0, 1, x));
        ed.putMetadata("bin/tool-link", new org.vaultfs.metadata.NodeMetadata(org.vaultfs.metadata.NodeKind.FILE, 0755, 1000, 1000,
                "alice", "staff", 1_750_118_400L, 123_456_789, null, 0, 0, 1, List.of()));
        ed.putMetadata("bin", new org.vaultfs.metadata.NodeMetadata(org.vaultfs.metadata.NodeKind.DIR, 0750, 0, 0,
                null, null, 1_750_000_000L, 5, null, 0, 0, 0, List.of()));
    }

    /** A vault with the metadata extension over {@code bin/tool}, {@code bin/tool-link} and {@code bin}. */
    Build metadataBase(int xattrBytes) {
        return metadataBase(xattrBytes, 0);
    }

    /** {@code skip} non-zero: a vault under other keys (SPEC 16's stream advanced first). */
    Build metadataBase(int xattrBytes, int skip) {
        byte[] tool = text("#!/bin/sh\necho conformance\n", 1);
        Build b = new Build(PASSWORD, null, skip).add("bin/tool", tool, "bin/tool-link", tool, "readme.txt", text(SECRET_LINE, 3));
        try (VaultEditor ed = VaultEditor.open(b.vault, b.password, b.opts)) {
            putVectorMetadata(ed, xattrBytes);
            ed.commit();
        }
        return b;
    }

    /**
     * SPEC §20: the metadata extension read (3 nodes), and three payloads a reader ignores
     * whole while still extracting the plain files: one bound to another vault's manifest, one
     * whose JSON breaks a rule, one past an xattr limit.
     */
    List<VectorFile> metadataVectors() {
        List<VectorFile> out = new ArrayList<>();
        Build b = metadataBase(16);
        byte[] good = b.bytes();
        out.add(success("vault-metadata.txt", "Three plain files and the vaultfs metadata extension (SPEC 20) over two of"
                + " them (a hard-link pair, mode 0755, owner names, a nanosecond time, one user xattr) and their directory.",
                "20.1, 20.2, 20.3", b).put("metadata-nodes", "3"));

        // Another vault, under other keys, with the same records and one more file: its payload opens under neither.
        Build other = metadataBase(16, 4096).add("extra.txt", text("another vault\n", 1));
        try (VaultEditor ed = VaultEditor.open(other.vault, other.password, other.opts)) {
            putVectorMetadata(ed, 16);
            ed.commit();
        }
        byte[] foreignVault = other.bytes();
        int len = lastExtensionLength(good);
        if (lastExtensionLength(foreignVault) != len) {
            throw new IllegalStateException("the two metadata payloads differ in length");
        }
        byte[] foreign = good.clone();
        System.arraycopy(foreignVault, foreignVault.length - len, foreign, foreign.length - len, len);
        out.add(forgedSuccess("vault-metadata-foreign.txt", "vault-metadata's vault with its metadata payload replaced by the"
                + " payload of another vault (other keys, the same records, one more file): it does not open and is ignored.", "20.2", b, foreign).put("metadata-nodes", "0"));

        byte[] malformed = resealedMetadata(b, json -> json.replaceFirst("\"mode\":493", "\"mode\":-93"));
        out.add(forgedSuccess("vault-metadata-malformed.txt", "vault-metadata's vault with its payload re-sealed (valid key and"
                + " manifest binding) over JSON whose first mode is -93: malformed, so the payload is ignored.", "20.2, 20.3", b,
                malformed).put("metadata-nodes", "0"));

        Build big = metadataBase(65537);
        out.add(success("vault-metadata-bounds.txt", "vault-metadata's tree with a 65537-byte xattr value (over the 65536-byte"
                + " limit): the payload is ignored.", "20.2, 20.3", big).put("metadata-nodes", "0"));
        return out;
    }

    /** Length of the last extension payload (the metadata: no parity in these vaults), from the directory JSON. */
    static int lastExtensionLength(byte[] vault) {
        VaultHeader h = VaultHeader.parse(Arrays.copyOf(vault, VaultHeader.SIZE));
        String dir = new String(vault, (int) h.extensionDirOffset(), (int) h.extensionDirLen(), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"length\":(\\d+)\\}\\]$").matcher(dir);
        if (!m.find()) {
            throw new IllegalStateException("no extension in " + dir);
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code vault} with its metadata payload opened, its JSON edited, and sealed again under the same key and binding. */
    static byte[] resealedMetadata(Build b, java.util.function.UnaryOperator<String> edit) {
        byte[] vault = b.bytes();
        VaultHeader h = VaultHeader.parse(Arrays.copyOf(vault, VaultHeader.SIZE));
        byte[] stored = Arrays.copyOfRange(vault, (int) h.manifestOffset(), (int) (h.manifestOffset() + h.manifestLen()));
        byte[] master = VaultForge.load(b.vault, b.password).masterKey;
        byte[] digest = org.vaultfs.metadata.MetadataSeal.manifestDigest().digest(stored);
        int len = lastExtensionLength(vault);
        byte[] payload = Arrays.copyOfRange(vault, vault.length - len, vault.length);
        byte[] json = org.vaultfs.metadata.MetadataSeal.open(master, digest, payload);
        byte[] edited = edit.apply(new String(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        if (edited.length != json.length) {
            throw new IllegalStateException("the edit must keep the JSON's length");
        }
        DeterministicRandom r = new DeterministicRandom();
        r.nextBytes(1 << 20); // past the draws of every vault built from the stream: no nonce reused
        byte[] resealed = org.vaultfs.metadata.MetadataSeal.seal(master, digest, edited, r);
        byte[] out = vault.clone();
        System.arraycopy(resealed, 0, out, out.length - len, len);
        return out;
    }

    /** A success vector whose vault is a forged variant of {@code b} that must still extract to b's tree. */
    static VectorFile forgedSuccess(String name, String description, String section, Build b, byte[] vault) {
        VectorFile f = vault(name, description, section, "success", PASSWORD);
        f.put("tree-digest", b.treeDigest());
        f.payload = vault;
        return f;
    }

    static final String EXT = "{\"extension_id\":\"%s\",\"algorithm_id\":\"x-conformance\",\"algorithm_version\":1,"
            + "\"critical\":false,\"offset\":%d,\"length\":%d}";

    /** Vectors for the reader MUSTs of SPEC 2-15 that the first vector list did not cover (docs/CONFORMANCE.md). */
    List<VectorFile> readerRules() {
        List<VectorFile> out = new ArrayList<>();
        Build base = secretBase();
        byte[] good = base.bytes();
        VaultHeader h = VaultHeader.parse(Arrays.copyOf(good, VaultHeader.SIZE));

        byte[] magic = good.clone();
        magic[0] = 'B';
        out.add(failure("vault-not-a-vault.txt", "First magic byte changed (BEROVAULT3).", "3.4", "not-a-vault", magic));
        out.add(failure("vault-header-len.txt", "Header header_len (offset 124) set to 1023, MAC recomputed.", "3.1, 3.4",
                "malformed", base.forge(false, vf -> vf.editHeaderBytes(b -> b[124] = (byte) 0xff).editHeaderBytes(b -> b[125] = 3))));
        out.add(failure("vault-wrapper-header-version.txt", "Header wrapper_header_version set to 2, MAC recomputed.",
                "3.1, 3.4, 4.3", "unsupported-version", base.forge(false, vf -> vf.editHeader(x -> x.wrapperHeaderVersion = 2))));
        out.add(forgedSuccess("vault-reserved-flag.txt", "Reserved header flag bit 0x02 set, MAC recomputed: readers assign"
                + " reserved bits no meaning.", "3.3", base, base.forge(false, vf -> vf.editHeader(x -> x.flags = 0x02))));
        out.add(failure("vault-manifest-format.txt", "Manifest format set to 4; manifest re-sealed.", "7.1, 15.2",
                "unsupported-version", base.forge(true, vf -> vf.editJson(j -> replaceOnce(j, "\"format\":3", "\"format\":4")))));
        out.add(failure("vault-lane-mismatch.txt", "Encrypted-lane header with the manifest crypt wrapper set to none;"
                + " manifest re-sealed.", "3.3, 15.2", "malformed", base.forge(true, vf -> vf.editJson(j ->
                replaceOnce(j, "\"algorithm_id\":\"aes-256-gcm-siv\"", "\"algorithm_id\":\"none\"")))));
        out.add(failure("vault-algorithm-version.txt", "The chunk_id wrapper's algorithm_version set to 2; manifest"
                + " re-sealed.", "1.4", "unsupported-algorithm", base.forge(true, vf -> vf.editJson(j ->
                replaceOnce(j, "\"blake3-keyed-128\",\"algorithm_version\":1", "\"blake3-keyed-128\",\"algorithm_version\":2")))));
        out.add(forgedSuccess("vault-manifest-json-lenient.txt", "The manifest re-serialized non-canonically: whitespace"
                + " and newlines between tokens, an unknown top-level member, members of the top-level object reordered"
                + " (entries before format); manifest re-sealed.", "7.6", base, base.forge(true, vf -> vf.editJson(j -> {
                    int e = j.indexOf(",\"entries\":");
                    int c = j.indexOf(",\"chunks\":{");
                    String entries = j.substring(e + 1, c);
                    String rest = j.substring(1, e) + j.substring(c);
                    return "{\n  " + entries.replace(",", ", ") + ",\n  \"x-unknown-member\": [1, 2, {\"a\": null}],\n  "
                            + rest.substring(0, rest.length() - 1).replace("\":", "\" : ") + "\n}\n";
                }))));
        out.add(forgedSuccess("vault-timestamp-content.txt", "Entry and manifest timestamps replaced by strings that are not"
                + " timestamps; manifest re-sealed.", "7.7", base, base.forge(true, vf -> vf.editJson(j ->
                j.replace(TIME, "not a time")))));
        out.add(forgedSuccess("vault-invalid-bounds.txt", "chunking bounds set to min 1000, avg 3000000, max 4194304 (min"
                + " below 4096, avg not a power of two); manifest re-sealed.", "9.4", base, base.forge(true, vf -> vf.editJson(j ->
                replaceOnce(j, "{\"min\":262144,\"avg\":1048576,", "{\"min\":1000,\"avg\":3000000,")))));
        out.add(forgedSuccess("vault-noncritical-extension.txt", "An unknown non-critical extension (x-conformance.ignored,"
                + " 4 payload bytes); header lengths and MAC recomputed.", "12.2", base, base.forge(false, vf -> {
                    vf.extensionDirectory("[" + String.format(EXT, "x-conformance.ignored", 0, 4) + "]");
                    vf.extensionPayload = Primitives.ascii("junk");
                })));
        out.add(failure("vault-extension-duplicate.txt", "Two non-critical extensions with the same extension_id; header"
                + " lengths and MAC recomputed.", "12.2", "malformed", base.forge(false, vf -> vf.extensionDirectory("["
                + String.format(EXT, "x-conformance.twice", 0, 0) + "," + String.format(EXT, "x-conformance.twice", 0, 0) + "]"))));
        out.add(failure("vault-extension-bounds.txt", "A non-critical extension whose offset + length (0 + 5) exceeds the"
                + " 4-byte payload area; header lengths and MAC recomputed.", "12.2", "bounds", base.forge(false, vf -> {
                    vf.extensionDirectory("[" + String.format(EXT, "x-conformance.long", 0, 5) + "]");
                    vf.extensionPayload = Primitives.ascii("junk");
                })));
        out.add(failure("vault-extension-directory-json.txt", "The extension directory is not a JSON array ({}); header"
                + " lengths and MAC recomputed.", "12.2", "malformed", base.forge(false, vf -> vf.extensionDirectory("{}"))));
        out.add(failure("vault-missing-chunk.txt", "The entry references a chunk id that is not a key of the chunk map;"
                + " manifest re-sealed.", "6.5", "malformed", base.forge(true, vf -> vf.editJson(j ->
                j.replaceFirst("\"chunks\":\\[\"[0-9a-f]{32}\"\\]", "\"chunks\":[\"00000000000000000000000000000000\"]")))));
        byte[] prefix = good.clone();
        prefix[VaultHeader.SIZE] ^= 0x01; // the u64 length prefix of the only record, outside every MAC and AEAD
        out.add(failure("vault-block-prefix.txt", "The only record's u64 length prefix changed (lowest bit flipped) so it no"
                + " longer equals block_len.", "6.5", "block-auth", prefix));
        out.add(failure("vault-plaintext-cap.txt", "The chunk's plaintext_len set to 268435457 (over the 256 MiB cap and"
                + " bounds.max); manifest re-sealed.", "6.5, 15.1", "bounds", base.forge(true, vf -> vf.editJson(j ->
                j.replaceFirst("\"plaintext_len\":\\d+", "\"plaintext_len\":268435457")))));
        String[][] paths = {{"trailing-slash", "secret.txt/"}, {"backslash", "a\\\\b"}, {"drive", "C:secret.txt"},
            {"leading-space", " secret.txt"}, {"dot-segment", "./secret.txt"}, {"nul", "a\\u0000b"}, {"empty", ""}};
        for (String[] p : paths) {
            out.add(failure("vault-path-" + p[0] + ".txt", "The entry path secret.txt replaced by the JSON string \"" + p[1]
                    + "\"; manifest re-sealed.", "7.8", "path-escape", base.forge(true, vf -> vf.editJson(j ->
                    replaceOnce(j, "\"path\":\"secret.txt\"", "\"path\":\"" + p[1] + "\"")))));
        }

        out.add(failure("vault-region-overflow.txt", "Header extension_payload_offset set to 2^64 - 8 and"
                + " extension_payload_len to 16, so the region's end overflows a u64; MAC recomputed.", "2, 6.5, 15.1",
                "bounds", base.forge(false, vf -> vf.editHeader(x -> {
                    x.extensionPayloadOffset = -8L;
                    x.extensionPayloadLen = 16;
                }))));

        VaultForge keys = VaultForge.load(base.vault, base.password);
        byte[] gap = new byte[good.length + 16];
        int dirAt = (int) h.extensionDirOffset();
        System.arraycopy(good, 0, gap, 0, dirAt);
        System.arraycopy(good, dirAt, gap, dirAt + 16, good.length - dirAt);
        Arrays.fill(gap, dirAt, dirAt + 16, (byte) 0x5a);
        System.arraycopy(Primitives.u64(h.extensionDirOffset() + 16), 0, gap, 160, 8);
        System.arraycopy(Primitives.u64(h.extensionPayloadOffset() + 16), 0, gap, 176, 8);
        remac(gap, keys.macKey);
        out.add(forgedSuccess("vault-region-gap.txt", "16 bytes (0x5a) inserted between the stored manifest and the"
                + " extension directory, the directory and payload offsets moved by 16, MAC recomputed: readers locate"
                + " regions only through the header.", "2", base, gap));

        byte[] shortManifest = good.clone();
        // manifest_len 20 (< 28): the sealed manifest is too short to hold a nonce and a tag.
        System.arraycopy(Primitives.u64(20), 0, shortManifest, 152, 8);
        remac(shortManifest, keys.macKey);
        out.add(failure("vault-manifest-short.txt", "Header manifest_len set to 20 (shorter than nonce + tag), MAC"
                + " recomputed; the remaining bytes stay in the file.", "5, 7.1", "manifest-auth", shortManifest));

        // A vault whose password is shorter than writers accept: the keys of `base` re-wrapped by hand.
        String shortPw = "pw";
        byte[] baseKek = CachingKdf.INSTANCE.derive(shortPw.getBytes(StandardCharsets.UTF_8), h.salt());
        byte[] rewrapped = good.clone();
        System.arraycopy(org.vaultfs.crypt.AesKeyWrap.wrap(org.vaultfs.crypt.Hkdf.sha256(baseKek,
                Primitives.ascii(Primitives.LABEL_MASTER), 32), keys.masterKey), 0, rewrapped, 44, 40);
        System.arraycopy(org.vaultfs.crypt.AesKeyWrap.wrap(org.vaultfs.crypt.Hkdf.sha256(baseKek,
                Primitives.ascii(Primitives.LABEL_MAC), 32), keys.macKey), 0, rewrapped, 84, 40);
        remac(rewrapped, keys.macKey);
        VectorFile shortVec = forgedSuccess("vault-short-password.txt", "The vault's keys re-wrapped under the 2-byte"
                + " password pw (writers refuse passwords under 8 bytes; readers apply no length rule), MAC recomputed.",
                "4.1, 4.3", base, rewrapped);
        shortVec.put("password", shortPw);
        // Keep testdata/vectors/README.md key order: password before tree-digest.
        String digest = shortVec.header.remove("tree-digest");
        shortVec.put("tree-digest", digest);
        out.add(shortVec);

        Build orphans = new Build(PASSWORD).add("secret.txt", text("first version\n", 30)).add("secret.txt", text(SECRET_LINE, 20));
        out.add(success("vault-orphan-chunk.txt", "secret.txt added, then replaced by a second add: the first version's"
                + " chunk record stays as an orphan that no entry references.", "6.4", orphans));
        // Added after the vectors above so their deterministic nonces stay what they were.
        out.add(failure("vault-records-overlap.txt", "A second chunk record (id ff..ff, referenced by no entry) with the"
                + " only record's data_offset and lengths, so two records overlap instead of tiling the data section;"
                + " manifest re-sealed.", "6.1", "malformed", base.forge(true, vf -> vf.editJson(j -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"chunks\":\\{(\"[0-9a-f]{32}\"):(\\{[^{}]*\\})\\}").matcher(j);
                    if (!m.find()) {
                        throw new IllegalStateException("expected one chunk record");
                    }
                    String copy = m.group(2).replaceFirst("\"id\":\"[0-9a-f]{32}\"", "\"id\":\"" + "f".repeat(32) + "\"")
                            .replaceFirst("\"block_index\":\\d+", "\"block_index\":1");
                    return j.substring(0, m.end() - 1) + ",\"" + "f".repeat(32) + "\":" + copy + "}" + j.substring(m.end());
                }))));
        out.add(failure("vault-path-under-file.txt", "A directory entry secret.txt/r/s added below the file secret.txt, with"
                + " no entry in between; manifest re-sealed.", "7.8", "malformed", base.forge(true, vf -> vf.editJson(j ->
                replaceOnce(j, "],\"chunks\":{", ",{\"path\":\"secret.txt/r/s\",\"size\":0,\"modified\":\"" + TIME
                        + "\",\"is_dir\":true,\"chunks\":[]}],\"chunks\":{")))));
        return out;
    }

    VectorFile golden() {
        // Rebuilds the reference fixture's tree and vault the way SPEC §16.2 describes; the vector
        // references the fixture instead of embedding it. PrimitiveVectorsTest and the
        // regeneration test compare the fixture (when present) with this SHA-256.
        Build b = new Build(Primitives.GOLDEN_PASSWORD);
        b.mkdir("emptydir");
        b.dirs.add("emptydir");
        byte[] small = filled(1000, 0xA5);
        b.add("readme.txt", Primitives.ascii("AeroVault v3 cross-impl fixture\n"), "data/small.bin", small,
                "data/big.bin", org.vaultfs.testing.Fixtures.goldenBig());
        VectorFile f = vault("vault-golden-reference.txt", "The reference implementation's golden fixture"
                + " (create, mkdir emptydir, add readme.txt data/small.bin data/big.bin; SPEC 16.2), by reference.",
                "2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16", "success", Primitives.GOLDEN_PASSWORD);
        f.put("tree-digest", b.treeDigest());
        f.put("payload-file", GOLDEN_FILE);
        f.put("payload-sha256", Hex.of(sha256(b.bytes())));
        return f;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    List<VectorFile> successes() {
        List<VectorFile> out = new ArrayList<>();
        out.add(success("vault-empty.txt", "A vault with no entries: empty data section, directory [] (SPEC 12.1).",
                "2, 7, 12", new Build(PASSWORD)));

        out.add(success("vault-packed-small-files.txt", "Small files in nested directories, packed into one pack chunk by one"
                + " add (SPEC 8.2); a second add packs separately.", "8",
                new Build(PASSWORD)
                        .add("notes/todo.txt", text("- write the conformance suite\n", 3),
                                "a.txt", Primitives.ascii("alpha\n"),
                                "notes/deep/nested/file.md", text("# nested\n", 5),
                                "z.bin", Primitives.prng("AEROVAULT3 packed z.bin", 300),
                                "m.txt", text("middle\n", 2))
                        .add("later/one.txt", Primitives.ascii("added by a second save\n"))));

        // 4 MiB + 300 KiB forces at least two CDC chunks (max = 4 MiB); 262144 bytes is exactly the
        // small-file threshold (large, per-file), 262143 the largest small file (packed).
        out.add(success("vault-cdc-large-file.txt", "Large files on the per-file path: one file over the 4 MiB chunk"
                + " maximum (several chunks), one of exactly 262144 bytes (large), one of 262143 bytes (small, packed);"
                + " compressible so the vault stays small.", "8.1, 9, 6.5",
                new Build(PASSWORD).add(
                        "big/large.bin", repeating("AEROVAULT3 cdc large", 4 * 1024 * 1024 + 300 * 1024),
                        "big/threshold.bin", repeating("AEROVAULT3 cdc threshold", 262144),
                        "big/below-threshold.bin", repeating("AEROVAULT3 cdc below", 262143))));

        out.add(success("vault-stored-raw.txt", "An incompressible file (pseudo-random bytes) stored raw (stored_raw true),"
                + " next to a compressible one in a separate add.", "11.1",
                new Build(PASSWORD)
                        .add("random.bin", Primitives.prng("AEROVAULT3 stored raw", 3000))
                        .add("text.txt", text("compressible text\n", 50))));

        byte[] big = repeating("AEROVAULT3 dedup big", 300000);
        byte[] note = Primitives.ascii("same small content\n");
        out.add(success("vault-dedup.txt", "Dedup (SPEC 10): two identical large files in one add, a third copy in a later"
                + " add, and two adds whose packs are identical; each distinct chunk is stored once.", "10, 6.3",
                new Build(PASSWORD)
                        .add("one/big.bin", big, "two/big.bin", big)
                        .add("three/big.bin", big, "x.txt", note)
                        .add("y.txt", note)));

        out.add(success("vault-empty-file.txt", "Empty files: alone in an add (a pack of length 0, chunks [],"
                + " pack_offset 0) and beside a non-empty small file.", "8.3, 7.4",
                new Build(PASSWORD)
                        .add("empty.txt", new byte[0])
                        .add("dir/also-empty", new byte[0], "dir/full.txt", Primitives.ascii("not empty\n"))));

        out.add(success("vault-unicode-paths.txt", "Non-ASCII paths (NFC and NFD forms kept distinct, CJK, emoji), a"
                + " double quote and 0x7f in names, and a non-ASCII password (UTF-8 bytes, no normalization).", "7.6, 7.8, 4.1",
                new Build(UNICODE_PASSWORD).add(
                        "donn\u00e9es/r\u00e9sum\u00e9.txt", Primitives.ascii("NFC\n"),
                        "donn\u00e9es/re\u0301sume\u0301.txt", Primitives.ascii("NFD\n"),
                        "\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb.txt", text("\u3053\u3093\u306b\u3061\u306f\n", 3),
                        "emoji-\uD83C\uDF89.txt", Primitives.ascii("party\n"),
                        "quote\"d and\u007fdel.txt", Primitives.ascii("escaped in JSON, raw 0x7f\n"))));
        out.add(success("vault-ecc-embedded.txt", "A v4 vault: created with error_correction_pct 7 (K=14, P=1), embedded"
                + " placement, so its directory lists the two non-critical reed-solomon extensions of SPEC 13.1 and their AVEC"
                + " payloads follow; a reader that does not implement error correction must still extract it.", "12.2, 13.1, 13.3",
                new Build(PASSWORD, 7).add("protected.txt", text("protected by parity\n", 10))));
        return out;
    }

    List<VectorFile> failures() {
        List<VectorFile> out = new ArrayList<>();
        Build base = secretBase();
        byte[] good = base.bytes();
        VaultHeader h = VaultHeader.parse(Arrays.copyOf(good, VaultHeader.SIZE));

        VectorFile wrong = failure("vault-wrong-password.txt", "A valid vault opened with a different password.", "3.4, 4.3",
                "wrong-password", good);
        wrong.put("password", "not-the-password");
        out.add(wrong);

        byte[] mac = good.clone();
        mac[136] ^= 1; // lowest bit of data_len; the MAC is not recomputed
        out.add(failure("vault-header-mac.txt", "Bit 0 of header byte 136 (data_len) flipped, MAC not recomputed.", "3.2, 3.4",
                "header-mac", mac));

        out.add(failure("vault-reserved-bytes.txt", "Header byte 500 (reserved range 194..960) set to 0x01, MAC recomputed.",
                "3.1, 3.4", "reserved-bytes", base.forge(false, vf -> vf.editHeaderBytes(b -> b[500] = 1))));

        out.add(failure("vault-unsupported-version.txt", "Header version byte (offset 10) set to 4, MAC recomputed.", "3.4",
                "unsupported-version", base.forge(false, vf -> vf.editHeaderBytes(b -> b[10] = 4))));

        out.add(failure("vault-truncated.txt", "The last byte of the file removed (the extension directory ends past the"
                + " end of the file).", "15.1, 15.2", "truncated", Arrays.copyOf(good, good.length - 1)));

        out.add(failure("vault-bounds-manifest.txt", "Header manifest_len set to 134217729 (128 MiB + 1), MAC recomputed.",
                "15.1, 15.2", "bounds", base.forge(false, vf -> vf.editHeader(x -> x.manifestLen = 134217729L))));

        long hugeBlock = 67108864L + 1;
        out.add(failure("vault-bounds-block.txt", "The chunk record's block_len set to 67108865 (64 MiB + 1, compressed_len"
                + " = block_len - 28) and its u64 length prefix in the data section set to the same; manifest re-sealed.",
                "6.5, 15.1", "bounds", base.forge(true, vf -> {
                    vf.editJson(j -> j.replaceFirst("\"block_len\":\\d+", "\"block_len\":" + hugeBlock)
                            .replaceFirst("\"compressed_len\":\\d+", "\"compressed_len\":" + (hugeBlock - 28)));
                    System.arraycopy(Primitives.u64(hugeBlock), 0, vf.data, 0, 8);
                })));

        byte[] mauth = good.clone();
        mauth[(int) h.manifestOffset() + 12 + 7] ^= 0x10; // a ciphertext byte (after the 12-byte nonce)
        out.add(failure("vault-manifest-auth.txt", "One bit of the stored manifest ciphertext flipped (byte 19 of the stored"
                + " manifest).", "7.1", "manifest-auth", mauth));

        byte[] bauth = good.clone();
        bauth[VaultHeader.SIZE + 8 + 12 + 3] ^= 0x01; // a ciphertext byte of the only block
        out.add(failure("vault-block-auth.txt", "One bit of the only block's ciphertext flipped (its cipher_hash no longer"
                + " matches and its AEAD fails).", "6.5", "block-auth", bauth));

        out.add(blockSwapped());

        out.add(failure("vault-unsupported-algorithm.txt", "The compression wrapper's algorithm_id changed from zstd to"
                + " brotli; manifest re-sealed.", "1.4, 7.1", "unsupported-algorithm",
                base.forge(true, vf -> vf.editJson(j -> replaceOnce(j, "\"algorithm_id\":\"zstd\"", "\"algorithm_id\":\"brotli\"")))));

        out.add(failure("vault-critical-extension.txt", "The extension directory holds one extension with critical true"
                + " (x-conformance.critical, length 0); header lengths and MAC recomputed.", "12.2", "critical-extension",
                base.forge(false, vf -> vf.extensionDirectory("[{\"extension_id\":\"x-conformance.critical\",\"algorithm_id\":"
                        + "\"x-conformance\",\"algorithm_version\":1,\"critical\":true,\"offset\":0,\"length\":0}]"))));

        String[][] paths = {{"vault-path-dotdot.txt", "a/../b"}, {"vault-path-absolute.txt", "/etc/x"},
            {"vault-path-empty-segment.txt", "a//b"}};
        for (String[] p : paths) {
            out.add(failure(p[0], "The entry path secret.txt replaced by " + p[1] + "; manifest re-sealed.", "7.8",
                    "path-escape", base.forge(true, vf -> vf.editJson(j -> replaceOnce(j, "\"path\":\"secret.txt\"",
                            "\"path\":\"" + p[1] + "\"")))));
        }

        out.add(failure("vault-path-duplicate.txt", "The entry secret.txt listed twice; manifest re-sealed.", "7.8",
                "malformed", base.forge(true, vf -> vf.editJson(j -> {
                    int s = j.indexOf("\"entries\":[") + "\"entries\":[".length();
                    int e = j.indexOf("],\"chunks\"");
                    String entry = j.substring(s, e);
                    return j.substring(0, s) + entry + "," + entry + j.substring(e);
                }))));

        long trueLen = base.files.get("secret.txt").length;
        long shortLen = trueLen / 2;
        out.add(failure("vault-decompression-bomb.txt", "The chunk's plaintext_len (and the entry's size) set to half the"
                + " true length (" + trueLen + " -> " + shortLen + "), so its zstd frame decodes to more than plaintext_len;"
                + " manifest re-sealed.", "11.4, 15.1", "decompression-bomb", base.forge(true, vf -> vf.editJson(j ->
                j.replaceFirst("\"plaintext_len\":" + trueLen, "\"plaintext_len\":" + shortLen)
                        .replaceFirst("\"size\":" + trueLen, "\"size\":" + shortLen)))));

        out.add(failure("vault-chunk-into-header.txt", "Header data_offset set to 512 (the data section would overlap the"
                + " header), MAC recomputed.", "2, 15.1", "bounds", base.forge(false, vf -> vf.editHeader(x -> x.dataOffset = 512))));
        return out;
    }

    VectorFile blockSwapped() {
        // Two large files of one repeated byte each: their frames have the same length, so the two
        // records can be exchanged in place with the manifest (and the header) left as they are.
        Build b = new Build(PASSWORD).add("a.bin", filled(262144, 'a'), "b.bin", filled(262144, 'b'));
        byte[] v = b.bytes();
        VaultHeader h = VaultHeader.parse(Arrays.copyOf(v, VaultHeader.SIZE));
        int d = (int) h.dataOffset();
        long len0 = u64At(v, d);
        long len1 = u64At(v, d + 8 + (int) len0);
        if (len0 != len1 || h.dataLen() != 2 * (8 + len0)) {
            throw new IllegalStateException("vault-block-swapped needs two equal-length records, got " + len0 + ", " + len1);
        }
        int rec = (int) (8 + len0);
        byte[] first = Arrays.copyOfRange(v, d, d + rec);
        System.arraycopy(v, d + rec, v, d, rec);
        System.arraycopy(first, 0, v, d + rec, rec);
        return failure("vault-block-swapped.txt", "Two large files (a.bin, b.bin) whose records have equal length; the two"
                + " records exchanged in the data section, manifest and header unchanged.", "6.5, 17", "block-auth", v);
    }

    /** Recomputes the header MAC (SPEC 3.2) of {@code vault} in place. */
    static void remac(byte[] vault, byte[] macKey) {
        byte[] hb = Arrays.copyOf(vault, VaultHeader.SIZE);
        Arrays.fill(hb, VaultHeader.MAC_OFFSET, VaultHeader.SIZE, (byte) 0);
        System.arraycopy(org.vaultfs.crypt.HmacSha512.mac(macKey, hb), 0, vault, VaultHeader.MAC_OFFSET, VaultHeader.MAC_LEN);
    }

    static long u64At(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xff);
        }
        return v;
    }

    static String replaceOnce(String s, String from, String to) {
        int i = s.indexOf(from);
        if (i < 0 || s.indexOf(from, i + 1) >= 0) {
            throw new IllegalStateException("expected exactly one " + from + " in the manifest");
        }
        return s.substring(0, i) + to + s.substring(i + from.length());
    }
}

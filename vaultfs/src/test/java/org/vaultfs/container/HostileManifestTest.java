package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vaultfs.container.HostileSupport.PW;
import static org.vaultfs.container.HostileSupport.expectFailure;
import static org.vaultfs.container.HostileSupport.expectFailureWithin;
import static org.vaultfs.container.HostileSupport.openAndReadAll;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.testing.Corrupt;

/**
 * Hostile manifests and extension directories. Everything here except the bit flips is
 * forged with the vault's real keys (VaultForge), so the outer authentication passes and the
 * inner check under test is the one that must refuse.
 */
class HostileManifestTest {
    static final long SMALL_ALLOCATION = 16L << 20;

    @TempDir
    static Path dir;
    static Path vault;

    @BeforeAll
    static void buildVictim() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("docs/a.txt", "alpha\n".getBytes(StandardCharsets.UTF_8));
        files.put("docs/b.txt", "bravo\n".getBytes(StandardCharsets.UTF_8));
        byte[] big = new byte[300_000];
        new Random(3).nextBytes(big);
        files.put("big.bin", big);
        vault = HostileSupport.buildVault(dir.resolve("victim.av3"), files, List.of("emptydir"));
        openAndReadAll(vault);
    }

    private static VaultForge forge() {
        return VaultForge.load(vault, PW);
    }

    private Path write(VaultForge f) {
        return f.writeTo(dir.resolve("forged.av3"));
    }

    private void refused(Failure failure, String fragment, VaultForge f) {
        Path p = write(f);
        expectFailure(failure, fragment, () -> openAndReadAll(p));
    }

    private static Consumer<Manifest.Builder> renameEntry(String from, String to) {
        return m -> {
            for (int i = 0; i < m.entries.size(); i++) {
                Entry e = m.entries.get(i);
                if (e.path().equals(from)) {
                    m.entries.set(i, e.withPath(to, e.modified()));
                }
            }
        };
    }

    private static Consumer<Manifest.Builder> editChunkOf(String path, java.util.function.UnaryOperator<ChunkRecord> edit) {
        return m -> {
            String id = m.entries.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow().chunks().get(0);
            m.chunks.put(id, edit.apply(m.chunks.get(id)));
        };
    }

    private static Consumer<Manifest.Builder> editEntry(String path, java.util.function.UnaryOperator<Entry> edit) {
        return m -> m.entries.replaceAll(e -> e.path().equals(path) ? edit.apply(e) : e);
    }

    @Test
    void flippedBitsInTheStoredManifestAreManifestAuth() {
        VaultHeader h;
        try (VaultReader r = HostileSupport.open(vault)) {
            h = r.header();
        }
        Path victim = dir.resolve("manifest-flip.av3");
        for (long off = h.manifestOffset(); off < h.manifestOffset() + h.manifestLen(); off += 53) {
            Corrupt.copy(vault, victim);
            Corrupt.flipBit(victim, off, (int) (off % 8));
            expectFailure(Failure.MANIFEST_AUTH, "manifest", () -> HostileSupport.open(victim));
        }
        Corrupt.copy(vault, victim);
        Corrupt.flipBit(victim, h.manifestOffset() + h.manifestLen() - 1, 7); // last tag byte
        expectFailure(Failure.MANIFEST_AUTH, "manifest", () -> HostileSupport.open(victim));
    }

    @Test
    void manifestShorterThanNonceAndTag() {
        VaultForge f = forge();
        f.storedManifestOverride = new byte[27];
        refused(Failure.MANIFEST_AUTH, "too short", f);
        VaultForge empty = forge();
        empty.storedManifestOverride = new byte[0];
        refused(Failure.MANIFEST_AUTH, "too short", empty);
    }

    @Test
    void unknownAlgorithmOrVersionInEveryWrapperSlot() {
        String[] slots = {"packing", "chunking", "chunk_id", "compression", "crypt", "cipher_hash"};
        for (String slot : slots) {
            VaultForge byId = forge().editManifest(m -> m.wrappers = replace(m.wrappers, slot, "brotli", 1));
            expectFailure(Failure.UNSUPPORTED_ALGORITHM, slot, () -> HostileSupport.open(write(byId)));
            expectFailure(Failure.UNSUPPORTED_ALGORITHM, "brotli", () -> HostileSupport.open(write(byId)));
            VaultForge byVersion = forge().editManifest(m -> {
                AlgorithmSpec s = m.wrappers.slots().get(slot);
                m.wrappers = replace(m.wrappers, slot, s.algorithmId(), 2);
            });
            expectFailure(Failure.UNSUPPORTED_ALGORITHM, slot + " algorithm", () -> HostileSupport.open(write(byVersion)));
        }
    }

    static WrapperStack replace(WrapperStack w, String slot, String id, long version) {
        Map<String, AlgorithmSpec> s = new LinkedHashMap<>(w.slots());
        AlgorithmSpec old = s.get(slot);
        s.put(slot, new AlgorithmSpec(id, version, old.level(), old.bounds()));
        return new WrapperStack(s.get("packing"), s.get("chunking"), s.get("chunk_id"), s.get("compression"),
                s.get("crypt"), s.get("cipher_hash"));
    }

    @Test
    void formatAndLaneChecksInSpecOrder() {
        refused(Failure.UNSUPPORTED_VERSION, "format 4", forge().editManifest(m -> m.format = 4));
        // crypt "none" under an encrypted header: lane disagreement (SPEC §3.3).
        refused(Failure.MALFORMED, "disagree", forge().editManifest(m -> m.wrappers = replace(m.wrappers, "crypt", "none", 1)));
        // SPEC §15.2 step 6: format is checked before wrappers and lane agreement.
        refused(Failure.UNSUPPORTED_VERSION, "format", forge().editManifest(m -> {
            m.format = 4;
            m.wrappers = replace(m.wrappers, "crypt", "none", 1);
        }));
        refused(Failure.UNSUPPORTED_ALGORITHM, "compression", forge().editManifest(m -> {
            m.wrappers = replace(m.wrappers, "compression", "brotli", 1);
            m.wrappers = replace(m.wrappers, "crypt", "none", 1);
        }));
    }

    @Test
    void nonCanonicalPathsArePathEscape() {
        List<String> hostile = List.of("a/../b", "../x", "..", "docs/..", "/etc/x", "/", "a//b", "./a", "a/./b", "a/.",
                ".", "a\\b", "..\\x", "a\u0000b", "C:x", "c:", "C:\\x", "a/", "", " a", "a ", "a\t", "\u00a0a",
                "a\u3000", "docs/x\u2028");
        for (String p : hostile) {
            VaultForge f = forge().editManifest(renameEntry("docs/a.txt", p));
            try {
                refused(Failure.PATH_ESCAPE, "unsafe path", f);
            } catch (AssertionError e) {
                throw new AssertionError("path " + VaultPaths.printable(p) + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void duplicatesAndFilesUnderFiles() {
        refused(Failure.MALFORMED, "duplicate path", forge().editManifest(renameEntry("docs/b.txt", "docs/a.txt")));
        // path-escape is checked before duplicates (SPEC §15.2 step 6).
        refused(Failure.PATH_ESCAPE, "unsafe path", forge().editManifest(renameEntry("docs/a.txt", "../x")
                .andThen(renameEntry("docs/b.txt", "../x"))));
        refused(Failure.MALFORMED, "under a file", forge().editManifest(renameEntry("docs/a.txt", "big.bin/a.txt")));
        // A file two or more levels above another, with no entry in between (q and q/r/s).
        refused(Failure.MALFORMED, "under a file", forge().editManifest(renameEntry("docs/a.txt", "big.bin/r/s/a.txt")));
        // Checked right after an entry whose directory has a name of the same length (whose
        // ancestors are not looked up again for its siblings): still found under the file.
        refused(Failure.MALFORMED, "under a file", forge().editManifest(renameEntry("docs/a.txt", "bigXbin/a.txt")
                .andThen(renameEntry("docs/b.txt", "big.bin/b.txt"))));
        // A directory and a file at one path are duplicates too.
        refused(Failure.MALFORMED, "duplicate path", forge().editManifest(renameEntry("docs/a.txt", "emptydir")));
    }

    @Test
    void chunkReferencesToMissingRecords() {
        refused(Failure.MALFORMED, "missing chunk", forge().editManifest(editEntry("big.bin",
                e -> new Entry(e.path(), e.size(), e.modified(), false, List.of("0".repeat(32)), null))));
        refused(Failure.MALFORMED, "missing chunk", forge().editManifest(m -> {
            String id = m.entries.stream().filter(e -> e.path().equals("big.bin")).findFirst().orElseThrow().chunks().get(0);
            m.chunks.remove(id);
        }));
        // Chunk ids must be 32 lowercase hex; a record filed under anything else is refused.
        refused(Failure.MALFORMED, "hex", forge().editManifest(m -> {
            ChunkRecord r = m.chunks.pollFirstEntry().getValue();
            String id = "../" + r.id().substring(3);
            m.chunks.put(id, new ChunkRecord(id, r.blockIndex(), r.dataOffset(), r.blockLen(), r.plaintextLen(),
                    r.compressedLen(), r.cipherHash(), r.storedRaw()));
        }));
    }

    @Test
    void hostileNumbersInChunkRecordsAndEntries() {
        HostileSupport.open(vault).close(); // warm the KDF memo (its 128 MiB is not the reader's)
        record Case(String name, Consumer<Manifest.Builder> edit, Failure failure, String fragment) {
        }
        List<Case> cases = List.of(
                new Case("block_len 2^40", editChunkOf("big.bin", r -> new ChunkRecord(r.id(), r.blockIndex(), r.dataOffset(),
                        1L << 40, r.plaintextLen(), (1L << 40) - 28, r.cipherHash(), false)), Failure.BOUNDS, "64 MiB"),
                new Case("block_len 2^63-1", editChunkOf("big.bin", r -> new ChunkRecord(r.id(), r.blockIndex(), r.dataOffset(),
                        Long.MAX_VALUE, r.plaintextLen(), r.compressedLen(), r.cipherHash(), false)), Failure.BOUNDS, "64 MiB"),
                new Case("plaintext_len above chunk max", editChunkOf("big.bin", r -> new ChunkRecord(r.id(), r.blockIndex(),
                        r.dataOffset(), r.blockLen(), (4L << 20) + 1, r.compressedLen(), r.cipherHash(), false)),
                        Failure.BOUNDS, "chunk maximum"),
                new Case("plaintext_len 2^62", editChunkOf("big.bin", r -> new ChunkRecord(r.id(), r.blockIndex(),
                        r.dataOffset(), r.blockLen(), 1L << 62, r.compressedLen(), r.cipherHash(), false)),
                        Failure.BOUNDS, "chunk maximum"),
                new Case("data_offset past the data section", editChunkOf("big.bin", r -> r.withDataOffset(10_000_000)),
                        Failure.BOUNDS, "data section"),
                new Case("data_offset 2^63-1", editChunkOf("big.bin", r -> r.withDataOffset(Long.MAX_VALUE)),
                        Failure.BOUNDS, "data section"),
                new Case("record straddles the end", m -> {
                    long dataLen = forgeDataLen();
                    String id = m.entries.stream().filter(e -> e.path().equals("big.bin")).findFirst().orElseThrow().chunks().get(0);
                    ChunkRecord r = m.chunks.get(id);
                    m.chunks.put(id, r.withDataOffset(dataLen - r.recordLen() + 1));
                }, Failure.BOUNDS, "data section"),
                new Case("entry size 2^62", editEntry("big.bin", e -> new Entry(e.path(), 1L << 62, e.modified(), false,
                        e.chunks(), null)), Failure.BOUNDS, "claims"),
                new Case("pack_offset 2^62", editEntry("docs/a.txt", e -> new Entry(e.path(), e.size(), e.modified(), false,
                        e.chunks(), 1L << 62)), Failure.BOUNDS, "pack offset"),
                new Case("size past the pack", editEntry("docs/a.txt", e -> new Entry(e.path(), 1L << 40, e.modified(), false,
                        e.chunks(), e.packOffset())), Failure.BOUNDS, "claims"),
                new Case("size without chunks", editEntry("docs/a.txt", e -> new Entry(e.path(), 1L << 40, e.modified(), false,
                        List.of(), null)), Failure.BOUNDS, "claims"));
        for (Case c : cases) {
            Path p = write(forge().editManifest(c.edit()));
            try {
                expectFailureWithin(SMALL_ALLOCATION, c.failure(), c.fragment(), () -> openAndReadAll(p));
            } catch (AssertionError e) {
                throw new AssertionError(c.name() + ": " + e.getMessage(), e);
            }
        }
    }

    static long forgeDataLen() {
        return forge().data.length;
    }

    @Test
    void hostileJson() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        record Case(String name, java.util.function.UnaryOperator<String> edit, Failure failure, String fragment) {
        }
        List<Case> cases = List.of(
                new Case("duplicate key", j -> j.replaceFirst("\\{\"format\":3,", "{\"format\":3,\"format\":3,"), Failure.MALFORMED, "duplicate"),
                new Case("duplicate path key", j -> j.replaceFirst("\\{\"path\":", "{\"path\":\"x\",\"path\":"), Failure.MALFORMED, "duplicate"),
                new Case("duplicate unknown key", j -> j.replaceFirst("\\{\"format\":3,", "{\"x\":1,\"x\":2,\"format\":3,"), Failure.MALFORMED, "duplicate"),
                new Case("duplicate key inside an unknown member", j -> j.replaceFirst("\\{\"format\":3,",
                        "{\"x\":{\"a\":[1,{\"b\":1,\"b\":2}]},\"format\":3,"), Failure.MALFORMED, "duplicate"),
                new Case("duplicate wrapper", j -> j.replaceFirst("\"crypt\":", "\"crypt\":{\"algorithm_id\":\"none\",\"algorithm_version\":1},\"crypt\":"),
                        Failure.MALFORMED, "duplicate"),
                new Case("duplicate wrapper member", j -> j.replaceFirst("\"algorithm_id\":\"zstd\"", "\"algorithm_id\":\"zstd\",\"algorithm_id\":\"zstd\""),
                        Failure.MALFORMED, "duplicate"),
                new Case("duplicate bounds member", j -> j.replaceFirst("\"min\":", "\"min\":1,\"min\":"), Failure.MALFORMED, "duplicate"),
                new Case("duplicate chunk record member", j -> j.replaceFirst("\"block_index\":", "\"block_index\":0,\"block_index\":"),
                        Failure.MALFORMED, "duplicate"),
                new Case("duplicate chunk record", j -> j.replaceFirst("\"chunks\":\\{(\"[0-9a-f]{32}\":\\{[^}]*\\})", "\"chunks\":{$1,$1"),
                        Failure.MALFORMED, "duplicate"),
                new Case("format as string", j -> j.replaceFirst("\"format\":3", "\"format\":\"3\""), Failure.MALFORMED, "format"),
                new Case("is_dir as number", j -> j.replaceFirst("\"is_dir\":true", "\"is_dir\":1"), Failure.MALFORMED, "is_dir"),
                new Case("size as string", j -> j.replaceFirst("\"size\":0", "\"size\":\"0\""), Failure.MALFORMED, "size"),
                new Case("chunks as object", j -> j.replaceFirst("\"chunks\":\\[\\]", "\"chunks\":{}"), Failure.MALFORMED, "chunks"),
                new Case("format is a float", j -> j.replaceFirst("\"format\":3", "\"format\":3.0"), Failure.MALFORMED, "integer"),
                new Case("negative size", j -> j.replaceFirst("\"size\":0", "\"size\":-1"), Failure.MALFORMED, "negative"),
                new Case("size 2^64", j -> j.replaceFirst("\"size\":0", "\"size\":18446744073709551616"), Failure.BOUNDS, "out of range"),
                new Case("size 2^63", j -> j.replaceFirst("\"size\":0", "\"size\":9223372036854775808"), Failure.BOUNDS, "out of range"),
                new Case("40-digit number", j -> j.replaceFirst("\"size\":0", "\"size\":" + "9".repeat(40)), Failure.BOUNDS, "limit"),
                new Case("deep nesting", j -> j.replaceFirst("\\{", "{\"x\":" + deep + ","), Failure.BOUNDS, "limit"),
                new Case("trailing data", j -> j + "{}", Failure.MALFORMED, "trailing"),
                new Case("not an object", j -> "[" + j + "]", Failure.MALFORMED, "manifest"),
                new Case("empty object", j -> "{}", Failure.MALFORMED, "missing"),
                new Case("null", j -> "null", Failure.MALFORMED, "manifest"),
                new Case("empty text", j -> "", Failure.MALFORMED, "manifest"),
                new Case("truncated JSON", j -> j.substring(0, j.length() / 2), Failure.MALFORMED, "JSON"),
                new Case("lone surrogate in a path", j -> j.replaceFirst("\"path\":\"docs/a.txt\"", "\"path\":\"docs/a\\\\ud800.txt\""),
                        Failure.MALFORMED, "surrogate"),
                new Case("missing wrapper", j -> j.replaceFirst("\"cipher_hash\":\\{", "\"cipher_hash_x\":{"), Failure.MALFORMED, "cipher_hash"));
        for (Case c : cases) {
            VaultForge f = forge();
            String before = f.manifestJson;
            f.editJson(c.edit());
            if (f.manifestJson.equals(before)) {
                throw new AssertionError(c.name() + ": the edit did not apply (test is stale)");
            }
            try {
                refused(c.failure(), c.fragment(), f);
            } catch (AssertionError e) {
                throw new AssertionError(c.name() + ": " + e.getMessage(), e);
            }
        }
        // Invalid UTF-8 cannot be built through a String: seal the raw bytes.
        VaultForge f = forge();
        byte[] json = f.manifestJson.replaceFirst("docs/a.txt", "docs/a#.txt").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '#') {
                json[i] = (byte) 0xFF;
            }
        }
        f.storedManifestOverride = f.sealManifest(json);
        refused(Failure.MALFORMED, "UTF-8", f);
    }

    @Test
    void extensionDirectory() {
        // The header MAC does not cover the directory bytes: every single-bit flip of "[]" must be refused.
        VaultHeader h;
        try (VaultReader r = HostileSupport.open(vault)) {
            h = r.header();
        }
        assertEquals(2, h.extensionDirLen());
        Path victim = dir.resolve("dir-flip.av3");
        for (int b = 0; b < 2; b++) {
            for (int bit = 0; bit < 8; bit++) {
                Corrupt.copy(vault, victim);
                Corrupt.flipBit(victim, h.extensionDirOffset() + b, bit);
                expectFailure(Failure.MALFORMED, "extension directory", () -> HostileSupport.open(victim));
            }
        }
        String crit = "[{\"extension_id\":\"x.future\",\"algorithm_id\":\"future\",\"algorithm_version\":1,\"critical\":true,\"offset\":0,\"length\":0}]";
        refused(Failure.CRITICAL_EXTENSION, "x.future", forge().extensionDirectory(crit));
        // Extension rules run before the manifest is decrypted (SPEC §12.2, §15.2 step 5).
        VaultForge critAndBadManifest = forge().extensionDirectory(crit);
        critAndBadManifest.storedManifestOverride = new byte[64];
        refused(Failure.CRITICAL_EXTENSION, "x.future", critAndBadManifest);

        String unknown = "[{\"extension_id\":\"x.note\",\"algorithm_id\":\"note\",\"algorithm_version\":7,\"critical\":false,\"offset\":0,\"length\":3}]";
        VaultForge ok = forge().extensionDirectory(unknown);
        ok.extensionPayload = new byte[] {1, 2, 3};
        Path okPath = write(ok);
        openAndReadAll(okPath); // non-critical unknown extensions are ignored, not refused

        VaultForge escapes = forge().extensionDirectory(unknown.replace("\"length\":3", "\"length\":4"));
        escapes.extensionPayload = new byte[] {1, 2, 3};
        refused(Failure.BOUNDS, "payload", escapes);
        VaultForge huge = forge().extensionDirectory(unknown.replace("\"offset\":0", "\"offset\":9223372036854775807"));
        huge.extensionPayload = new byte[] {1, 2, 3};
        refused(Failure.BOUNDS, "payload", huge);
        String dup = "[" + unknown.substring(1, unknown.length() - 1) + "," + unknown.substring(1);
        VaultForge dups = forge().extensionDirectory(dup);
        dups.extensionPayload = new byte[] {1, 2, 3};
        refused(Failure.MALFORMED, "duplicate", dups);
        VaultForge dupMember = forge().extensionDirectory(unknown.replace("\"critical\":false", "\"critical\":false,\"critical\":false"));
        dupMember.extensionPayload = new byte[] {1, 2, 3};
        refused(Failure.MALFORMED, "duplicate", dupMember);
        refused(Failure.MALFORMED, "missing", forge().extensionDirectory("[{\"extension_id\":\"x\"}]"));
        for (String member : new String[] {"extension_id", "algorithm_id", "algorithm_version", "critical", "offset", "length"}) {
            // Each of the six is required on its own (SPEC 12.1).
            String without = unknown.replaceFirst("\"" + member + "\":[^,}]*,?", "").replace(",}", "}");
            VaultForge missing = forge().extensionDirectory(without);
            missing.extensionPayload = new byte[] {1, 2, 3};
            refused(Failure.MALFORMED, "missing", missing);
        }
        refused(Failure.MALFORMED, "extension directory", forge().extensionDirectory("{}"));
        refused(Failure.MALFORMED, "extension directory", forge().extensionDirectory(""));
        // Deep nesting inside an ignored member must hit the parser's depth cap, not the stack.
        refused(Failure.BOUNDS, "limit", forge().extensionDirectory("[{\"x\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}]"));
        refused(Failure.MALFORMED, "extension", forge().extensionDirectory("[[[[]]]]"));
    }

    @Test
    void pathEscapeIsReportedBeforeBlockBounds() {
        // SPEC §15.2: paths (step 6) before any per-block check (step 7).
        refused(Failure.PATH_ESCAPE, "unsafe path", forge().editManifest(renameEntry("docs/a.txt", "../../etc/passwd")
                .andThen(editChunkOf("big.bin", r -> r.withDataOffset(Long.MAX_VALUE)))));
    }

    @Test
    void theUntouchedForgeStillOpens() {
        // Without this, a broken forge would make every refusal above pass vacuously.
        Path p = write(forge().editManifest(m -> { }));
        openAndReadAll(p);
        try (VaultReader a = HostileSupport.open(vault); VaultReader b = HostileSupport.open(p)) {
            assertArrayEquals(HostileSupport.read(a, "big.bin"), HostileSupport.read(b, "big.bin"));
            List<String> pa = new ArrayList<>();
            a.entries().forEach(e -> pa.add(e.path()));
            List<String> pb = new ArrayList<>();
            b.entries().forEach(e -> pb.add(e.path()));
            assertEquals(pa, pb);
        }
    }
}

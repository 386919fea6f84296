package org.vaultfs.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.DeterministicRandom;

/**
 * Small real vaults, written deterministically (fixed random stream, clock and contents) by
 * the library's own writer, built once per JVM. Every vault shares one salt and password, so
 * the memoised Argon2id runs once and every later open costs microseconds of KDF.
 */
public final class FuzzVaults {
    public static final byte[] PASSWORD = "fuzz-harness-password".getBytes(StandardCharsets.UTF_8);
    private static Path root;
    private static final Map<String, Path> BUILT = new LinkedHashMap<>();

    private FuzzVaults() {
    }

    static EditOptions options() {
        return EditOptions.defaults()
                .withKdf(CachingKdf.INSTANCE)
                .withRandom(new DeterministicRandom())
                .withClock(Clock.fixed(Instant.parse("2026-06-17T00:00:00Z"), ZoneOffset.UTC))
                .withSourceTimestamps(false).withMetadata(org.vaultfs.container.MetadataCapture.NONE)
                .withThreads(1)
                .withLevel(3);
    }

    /** Scratch root for this JVM, removed at exit. */
    public static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("vaultfs-fuzz-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path r = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(r)));
        }
        return root;
    }

    /** Files of the small vault: packed small files (text, random, empty), a nested dir, a non-ASCII name. */
    public static Map<String, byte[]> smallFiles() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 3000; i++) {
            text.append("line ").append(i).append(" of a compressible fuzz seed\n");
        }
        f.put("a.txt", text.toString().getBytes(StandardCharsets.UTF_8));
        byte[] rnd = new byte[5000];
        new Random(7).nextBytes(rnd);
        f.put("dir/b.bin", rnd);
        f.put("dir/sub/empty", new byte[0]);
        f.put("caf\u00e9 \u00fcml.txt", "unicode\n".getBytes(StandardCharsets.UTF_8));
        return f;
    }

    /** Files of the multi-chunk vault: one large file cut by gear-CDC into several chunks, plus small ones. */
    public static Map<String, byte[]> multiChunkFiles() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        byte[] big = new byte[2_500_000];
        Random r = new Random(99);
        r.nextBytes(big);
        // Compressible stretches so the vault holds zstd blocks as well as raw ones.
        for (int i = 0; i < big.length; i += 200_000) {
            java.util.Arrays.fill(big, i, Math.min(big.length, i + 90_000), (byte) (i / 200_000));
        }
        f.put("big.bin", big);
        byte[] mid = new byte[300_000];
        r.nextBytes(mid);
        f.put("x/mid.bin", mid);
        f.putAll(smallFiles());
        return f;
    }

    public static synchronized Path small() {
        return build("small", smallFiles(), List.of("emptydir", "dir/sub"));
    }

    public static synchronized Path multiChunk() {
        return build("multi", multiChunkFiles(), List.of("emptydir"));
    }

    /**
     * An AEROVAULT2 vault of the small files with 4 KiB chunks (so {@code dir/b.bin} takes two),
     * under the cascade when {@code cascade}.
     */
    public static synchronized Path aerovault2(boolean cascade) {
        String name = cascade ? "v2-cascade" : "v2";
        Path done = BUILT.get(name);
        if (done != null) {
            return done;
        }
        try {
            Path dir = Files.createDirectories(root().resolve("vault-" + name));
            Path src = dir.resolve("src");
            for (Map.Entry<String, byte[]> f : smallFiles().entrySet()) {
                Path p = src.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
            Files.createDirectories(src.resolve("emptydir"));
            Path vault = dir.resolve(name + ".aerovault");
            org.vaultfs.Vault.sealAerovault2(src, vault, PASSWORD, cascade, 4096, options());
            BUILT.put(name, vault);
            return vault;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized Path empty() {
        return build("empty", Map.of(), List.of());
    }

    private static Path build(String name, Map<String, byte[]> files, List<String> dirs) {
        Path done = BUILT.get(name);
        if (done != null) {
            return done;
        }
        try {
            Path dir = Files.createDirectories(root().resolve("vault-" + name));
            Path src = Files.createDirectories(dir.resolve("src"));
            List<VaultEditor.Source> sources = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = src.resolve("f" + i++);
                Files.write(p, f.getValue());
                sources.add(new VaultEditor.Source(p, f.getKey()));
            }
            Path vault = dir.resolve(name + ".av3");
            try (VaultEditor ed = VaultEditor.create(vault, PASSWORD, options())) {
                for (String d : dirs) {
                    ed.mkdir(d);
                }
                ed.addFiles(sources);
                ed.commit();
            }
            BUILT.put(name, vault);
            return vault;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of the spare records {@link #richForge()} appends (orphans until a mutation references them). */
    public static final String EMPTY_RAW = "e0".repeat(16);
    public static final String EMPTY_ZSTD = "e1".repeat(16);
    public static final String BOMB = "b0".repeat(16);
    public static final String RAW_100 = "a0".repeat(16);

    /**
     * The small vault, loaded for forging, with spare sealed blocks appended to its data
     * section and listed as orphan chunk records in its manifest: an empty raw chunk, a zstd
     * frame of nothing, a zstd bomb (1 MiB of zeros declared as 1000 bytes) and 100 raw bytes.
     * Mutated manifests can then point entries at blocks that really authenticate.
     */
    public static synchronized org.vaultfs.container.VaultForge richForge() {
        org.vaultfs.container.VaultForge f = org.vaultfs.container.VaultForge.load(small(), PASSWORD);
        byte[] raw100 = new byte[100];
        Arrays.fill(raw100, (byte) 'R');
        Object[][] spare = {
            {EMPTY_RAW, 100L, new byte[0], 0L, true},
            {EMPTY_ZSTD, 101L, com.github.luben.zstd.Zstd.compress(new byte[0], 3), 0L, false},
            {BOMB, 102L, com.github.luben.zstd.Zstd.compress(new byte[1 << 20], 3), 1000L, false},
            {RAW_100, 103L, raw100, 100L, true},
        };
        List<org.vaultfs.container.ChunkRecord> recs = new ArrayList<>();
        for (Object[] s : spare) {
            byte[] payload = (byte[]) s[2];
            byte[] block = f.sealBlock((Long) s[1], (String) s[0], payload);
            long off = f.appendRecord(block);
            recs.add(new org.vaultfs.container.ChunkRecord((String) s[0], (Long) s[1], off, block.length, (Long) s[3],
                    payload.length, org.vaultfs.container.VaultForge.cipherHash(block), (Boolean) s[4]));
        }
        f.editManifest(m -> {
            for (org.vaultfs.container.ChunkRecord r : recs) {
                m.chunks.put(r.id(), r);
            }
        });
        return f;
    }

    public static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a tree without following symbolic links (a planted link is removed, never its target). */
    public static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

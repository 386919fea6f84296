package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ContainerLineage;
import org.vaultfs.container.Entry;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;

/**
 * The four AEROVAULT2 fixtures (default, cascade, legacy chunk AAD, 16 KiB chunks) open through
 * the same entry point as AEROVAULT3 and extract to exactly their documented tree.
 */
class Aerovault2FixturesTest {
    static final byte[] PW = "aerovault2-fixture-pw".getBytes(StandardCharsets.UTF_8);
    static final OpenOptions OPTIONS = OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE);

    @TempDir
    Path tmp;

    static Path dir() {
        Path d = Fixtures.dir();
        Path v2 = d == null ? null : d.resolveSibling("aerovault2");
        if (v2 == null || !Files.isDirectory(v2)) {
            Fixtures.absent("AEROVAULT2 fixtures (expected ../shared/fixtures/aerovault2/)");
        }
        return v2;
    }

    static Map<String, String> expectedFiles() throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(dir().resolve("tree.sha256"))) {
            m.put(line.substring(line.indexOf("./") + 2), line.substring(0, 64));
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2-default.aerovault", "v2-cascade.aerovault", "v2-legacy-aad.aerovault", "v2-16k-chunks.aerovault"})
    void listsVerifiesAndExtractsTheDocumentedTree(String name) throws Exception {
        Path vault = dir().resolve(name);
        Map<String, String> files = expectedFiles();
        TreeSet<String> dirs = new TreeSet<>();
        for (String d : Files.readAllLines(dir().resolve("tree.dirs"))) {
            dirs.add(d.substring(2));
        }
        try (Vault v = Vault.open(vault, PW, OPTIONS)) {
            assertEquals(ContainerLineage.AEROVAULT2, v.lineage());
            TreeSet<String> listedFiles = new TreeSet<>();
            for (Entry e : v.entries()) {
                if (!e.isDir()) {
                    listedFiles.add(e.path());
                    assertEquals("2026-01-15T10:20:30Z", e.modified(), e.path());
                }
            }
            assertEquals(files.keySet(), listedFiles);
            assertTrue(v.verify(b -> { }).clean());
            Path out = tmp.resolve("out");
            assertTrue(v.extract(out, List.of(), ExtractOptions.defaults()).complete());
            Map<String, String> got = new TreeMap<>();
            TreeSet<String> gotDirs = new TreeSet<>();
            try (Stream<Path> walk = Files.walk(out)) {
                for (Path p : walk.toList()) {
                    String rel = out.relativize(p).toString();
                    if (rel.isEmpty()) {
                        continue;
                    }
                    if (Files.isDirectory(p)) {
                        gotDirs.add(rel);
                    } else {
                        got.put(rel, sha256(Files.readAllBytes(p)));
                    }
                }
            }
            assertEquals(files, got, "extracted files and their SHA-256");
            assertEquals(dirs, gotDirs, "extracted directories, the empty one included");
            // Random access: any range of the two-chunk file, through the channel.
            byte[] whole;
            try (InputStream in = v.newInputStream("docs/notes/chunk-plus-one.bin")) {
                whole = in.readAllBytes();
            }
            try (SeekableByteChannel ch = v.newByteChannel("docs/notes/chunk-plus-one.bin")) {
                for (long at : new long[] {0, 1, whole.length / 2, whole.length - 1}) {
                    ByteBuffer b = ByteBuffer.allocate((int) Math.min(5000, whole.length - at));
                    ch.position(at);
                    while (b.hasRemaining() && ch.read(b) > 0) {
                        // fill
                    }
                    assertArrayEquals(java.util.Arrays.copyOfRange(whole, (int) at, (int) at + b.capacity()), b.array(), "at " + at);
                }
            }
        }
    }

    static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}

package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ContainerLineage;
import org.vaultfs.container.EditOptions;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.testing.CachingKdf;

/**
 * AEROVAULT2 written by vaultfs round-trips through its reader and its AEROVAULT3 conversion,
 * for generated trees in both modes and chunk sizes from the smallest the reference accepts
 * (including sizes that do not divide the files) to the default.
 */
class Aerovault2WriterTest {
    static final byte[] PW = "writer test password".getBytes(StandardCharsets.UTF_8);
    static final EditOptions OPTS = EditOptions.defaults().withKdf(CachingKdf.INSTANCE);
    static final OpenOptions OPEN = OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE);

    @TempDir
    Path tmp;

    private Map<String, byte[]> tree(long seed, Path root) throws IOException {
        Random r = new Random(seed);
        Map<String, byte[]> files = new TreeMap<>();
        int n = 3 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            int size = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(5000);
                case 2 -> r.nextInt(70_000);
                default -> 100_000 + r.nextInt(300_000);
            };
            byte[] b = new byte[size];
            r.nextBytes(b);
            String path = (i % 3 == 0 ? "d" + (i % 2) + "/sub/" : "") + "f" + i + ".bin";
            files.put(path, b);
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.write(p, b);
        }
        Files.createDirectories(root.resolve("empty"));
        return files;
    }

    private static Map<String, byte[]> read(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : w.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static void assertSameTree(Map<String, byte[]> want, Map<String, byte[]> got) {
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            assertArrayEquals(want.get(k), got.get(k), k);
        }
    }

    @Test
    void generatedTreesRoundTripInBothModesAndEveryChunkSize() throws IOException {
        int[] sizes = {4096, 5000, 16384, 65536};
        int run = 0;
        for (int chunk : sizes) {
            for (boolean cascade : new boolean[] {false, true}) {
                run++;
                Path src = Files.createDirectories(tmp.resolve("src" + run));
                Map<String, byte[]> files = tree(run * 7919L, src);
                Path v = tmp.resolve("v" + run + ".aerovault");
                Vault.sealAerovault2(src, v, PW, cascade, chunk, OPTS);
                assertEquals(ContainerLineage.AEROVAULT2, Vault.probe(v).lineage());
                assertEquals(cascade, Vault.probe(v).legacy().cascade());
                assertEquals(chunk, Vault.probe(v).legacy().chunkSize());
                Path out = tmp.resolve("out" + run);
                try (Vault vault = Vault.open(v, PW, OPEN)) {
                    assertTrue(vault.verify(b -> { }).clean());
                    assertTrue(vault.extract(out, List.of(), ExtractOptions.defaults()).complete());
                    assertTrue(Files.isDirectory(out.resolve("empty")));
                    Path v3 = tmp.resolve("v" + run + ".v3");
                    vault.convertTo(v3, PW, OPTS);
                    Path out3 = tmp.resolve("out3-" + run);
                    try (Vault converted = Vault.open(v3, PW, OPEN)) {
                        assertEquals(ContainerLineage.AEROVAULT3, converted.lineage());
                        converted.extract(out3, List.of(), ExtractOptions.defaults());
                    }
                    assertSameTree(files, read(out3));
                }
                assertSameTree(files, read(out));
            }
        }
    }

    @Test
    void aPasswordChangeRewrapsTheKeysAsVersion3AndKeepsEveryByteAfterTheHeader() throws IOException {
        for (String fixture : new String[] {"v2-legacy-aad.aerovault", "v2-cascade.aerovault"}) {
            Path v = Files.copy(Aerovault2FixturesTest.dir().resolve(fixture), tmp.resolve(fixture));
            byte[] before = Files.readAllBytes(v);
            Vault.changeAerovault2Password(v, Aerovault2FixturesTest.PW, PW, CachingKdf.INSTANCE);
            byte[] after = Files.readAllBytes(v);
            assertEquals(3, after[10], "written as version 3");
            assertEquals(before[11], after[11], "cascade flag kept");
            assertArrayEquals(java.util.Arrays.copyOfRange(before, 512, before.length), java.util.Arrays.copyOfRange(after, 512, after.length));
            assertEquals(Failure.WRONG_PASSWORD, assertThrows(VaultException.class,
                    () -> Vault.open(v, Aerovault2FixturesTest.PW, OPEN)).failure());
            try (Vault vault = Vault.open(v, PW, OPEN)) {
                assertTrue(vault.verify(b -> { }).clean());
                assertEquals(9, vault.entries().size());
            }
            assertEquals(Failure.WRONG_PASSWORD, assertThrows(VaultException.class,
                    () -> Vault.changeAerovault2Password(v, Aerovault2FixturesTest.PW, PW, CachingKdf.INSTANCE)).failure());
            assertArrayEquals(after, Files.readAllBytes(v), "a refused change writes nothing");
        }
    }

    @Test
    void refusesAnExistingTargetAShortPasswordAndAChunkSizeOutOfRange() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("s"));
        Files.writeString(src.resolve("a.txt"), "a");
        Path exists = Files.writeString(tmp.resolve("exists"), "x");
        assertEquals(Failure.CONFLICT, assertThrows(VaultException.class,
                () -> Vault.sealAerovault2(src, exists, PW, false, 65536, OPTS)).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class,
                () -> Vault.sealAerovault2(src, tmp.resolve("o"), "short".getBytes(StandardCharsets.UTF_8), false, 65536, OPTS)).failure());
        assertEquals(Failure.INVALID_ARGUMENT, assertThrows(VaultException.class,
                () -> Vault.sealAerovault2(src, tmp.resolve("o"), PW, false, 1024, OPTS)).failure());
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of("exists", "s"), s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing left behind");
        }
    }
}

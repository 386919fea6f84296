package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.OpenOptions;
import org.vaultfs.Vault;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.SealedTrees;

/**
 * Large files are extracted on helper threads while the extracting thread goes on with the
 * files after them: more large files than helpers (so some run on the extracting thread),
 * small files between them, a hard-link group of large files, and damage in several of them.
 * Every file must come out whole, the links shared, the skipped files reported in extraction
 * order, and nothing of a failed file left behind.
 */
class ParallelLargeFileExtractTest {
    static final byte[] PW = "parallel-large-pw".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Path vault;
    final Map<String, byte[]> files = new LinkedHashMap<>();

    @BeforeEach
    void seal() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Random r = new Random(7);
        for (int d = 0; d < 4; d++) {
            Path dir = Files.createDirectories(src.resolve("d" + d));
            for (int i = 0; i < 3; i++) {
                byte[] big = new byte[(1 << 20) + r.nextInt(300_000)]; // above the whole-file size
                r.nextBytes(big);
                put(src, "d" + d + "/big" + i + ".bin", big);
                put(src, "d" + d + "/small" + i + ".txt", ("small " + d + "/" + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.createDirectories(src.resolve("links"));
        Files.createLink(src.resolve("links/same.bin"), src.resolve("d1/big0.bin"));
        files.put("links/same.bin", files.get("d1/big0.bin"));
        vault = SealedTrees.seal(src, tmp.resolve("v.av3"), PW);
    }

    private void put(Path src, String path, byte[] content) throws IOException {
        Files.write(src.resolve(path), content);
        files.put(path, content);
    }

    private ExtractResult extract(Path from, Path out, ExtractOptions opts) {
        try (Vault v = Vault.open(from, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            return v.extract(out, List.of(), opts);
        }
    }

    @Test
    void everyFileComesOutWholeAndTheLinkGroupSharesOneInode() throws IOException {
        Path out = tmp.resolve("out");
        ExtractResult res = extract(vault, out, ExtractOptions.defaults());
        assertEquals(files.size(), res.files());
        long bytes = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(out.resolve(f.getKey())), f.getKey());
            bytes += f.getValue().length;
        }
        assertEquals(bytes, res.bytes());
        assertEquals(Files.getAttribute(out.resolve("d1/big0.bin"), "unix:ino"), Files.getAttribute(out.resolve("links/same.bin"), "unix:ino"));
        assertEquals(List.of(), ExtractorTest.leftovers(out));
    }

    @Test
    void salvageReportsTheDamagedLargeFilesInExtractionOrder() throws IOException {
        Path damaged = damage(List.of("d3/big2.bin", "d0/big1.bin", "d2/big0.bin"));
        Path out = tmp.resolve("out");
        ExtractResult res = extract(damaged, out, ExtractOptions.defaults().withSalvage(true));
        List<String> skipped = new ArrayList<>();
        res.damaged().forEach(d -> skipped.add(d.path()));
        assertEquals(List.of("d0/big1.bin", "d2/big0.bin", "d3/big2.bin"), skipped);
        assertEquals(files.size() - 3, res.files());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (skipped.contains(f.getKey())) {
                assertFalse(Files.exists(out.resolve(f.getKey())), f.getKey());
            } else {
                assertArrayEquals(f.getValue(), Files.readAllBytes(out.resolve(f.getKey())), f.getKey());
            }
        }
        assertEquals(List.of(), ExtractorTest.leftovers(out));
    }

    @Test
    void aDamagedLargeFileEndsTheExtractionWithNothingPartialLeft() throws IOException {
        Path damaged = damage(List.of("d0/big0.bin"));
        Path out = tmp.resolve("out");
        VaultException e = assertThrows(VaultException.class, () -> extract(damaged, out, ExtractOptions.defaults()));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
        assertTrue(e.getMessage().contains("d0/big0.bin"), e.getMessage());
        assertFalse(Files.exists(out.resolve("d0/big0.bin")));
        // Whatever else made it out before the failure was noticed is whole.
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = out.resolve(f.getKey());
            if (Files.exists(p)) {
                assertArrayEquals(f.getValue(), Files.readAllBytes(p), f.getKey());
            }
        }
        assertEquals(List.of(), ExtractorTest.leftovers(out));
    }

    /** A copy of the vault with a byte flipped in the last chunk of each of {@code paths}. */
    private Path damage(List<String> paths) throws IOException {
        byte[] b = Files.readAllBytes(vault);
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            for (String path : paths) {
                List<String> chunks = r.require(path).chunks();
                ChunkRecord c = r.chunk(chunks.get(chunks.size() - 1));
                b[(int) (r.header().dataOffset() + c.dataOffset() + 8 + 50)] ^= 0x10;
            }
        }
        Path copy = tmp.resolve("damaged.av3");
        Files.write(copy, b);
        return copy;
    }
}

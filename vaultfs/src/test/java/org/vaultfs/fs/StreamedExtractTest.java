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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.SealedTrees;

/**
 * Files above the whole-file size are streamed a chunk at a time into their temporary file: the
 * bytes must come out whole and in order, and a damaged chunk in the middle, after parts of the
 * file were already written, must abort the file (or, salvaging, skip it) with nothing of it
 * left behind.
 */
class StreamedExtractTest {
    static final byte[] PW = "streamed-extract-pw".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Path vault;
    byte[] big;
    byte[] log;

    @BeforeEach
    void seal() throws IOException {
        Path src = Files.createDirectory(tmp.resolve("src"));
        big = new byte[(12 << 20) + 12345]; // random: a dozen or so chunks of the default CDC bounds
        new Random(42).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < (6 << 20); i++) {
            sb.append("line ").append(i).append(" of a log that compresses well\n");
        }
        log = sb.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(src.resolve("app.log"), log);
        Files.writeString(src.resolve("small.txt"), "small\n");
        vault = SealedTrees.seal(src, tmp.resolve("v.av3"), PW);
    }

    private ExtractResult extract(Path from, Path out, ExtractOptions opts) {
        try (VaultReader r = VaultReader.open(from, PW, CachingKdf.INSTANCE)) {
            return new Extractor(r, opts).extract(out, List.of());
        }
    }

    @Test
    void largeFilesComeOutWholeAndInOrder() throws IOException {
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            assertTrue(r.require("big.bin").chunks().size() >= 6, "the file must span several chunks");
        }
        Path out = tmp.resolve("out");
        ExtractResult res = extract(vault, out, ExtractOptions.defaults());
        assertEquals(3, res.files());
        assertArrayEquals(big, Files.readAllBytes(out.resolve("big.bin")));
        assertArrayEquals(log, Files.readAllBytes(out.resolve("app.log")));
        assertEquals(List.of(), ExtractorTest.leftovers(out));
    }

    @Test
    void aDamagedChunkInTheMiddleAbortsTheFileAndLeavesNothingOfIt() throws IOException {
        Path damaged = damageChunk("big.bin", 3);
        Path out = tmp.resolve("out");
        VaultException e = assertThrows(VaultException.class, () -> extract(damaged, out, ExtractOptions.defaults()));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
        assertTrue(e.getMessage().contains("big.bin"), e.getMessage());
        assertFalse(Files.exists(out.resolve("big.bin")));
        assertEquals(List.of(), ExtractorTest.leftovers(out));
    }

    @Test
    void salvageSkipsTheDamagedLargeFileAndExtractsTheOthers() throws IOException {
        Path damaged = damageChunk("big.bin", 3);
        Path out = tmp.resolve("out");
        ExtractResult res = extract(damaged, out, ExtractOptions.defaults().withSalvage(true));
        assertEquals(1, res.damaged().size());
        assertEquals("big.bin", res.damaged().get(0).path());
        assertFalse(Files.exists(out.resolve("big.bin")));
        assertArrayEquals(log, Files.readAllBytes(out.resolve("app.log")));
        assertEquals("small\n", Files.readString(out.resolve("small.txt")));
        assertEquals(List.of(), ExtractorTest.leftovers(out));
    }

    /** A copy of the vault with one byte flipped in the {@code index}th chunk of {@code path}. */
    private Path damageChunk(String path, int index) throws IOException {
        long pos;
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            ChunkRecord c = r.chunk(r.require(path).chunks().get(index));
            pos = r.header().dataOffset() + c.dataOffset() + 8 + 100;
        }
        Path copy = tmp.resolve("damaged.av3");
        byte[] b = Files.readAllBytes(vault);
        b[(int) pos] ^= 0x10;
        Files.write(copy, b);
        return copy;
    }
}

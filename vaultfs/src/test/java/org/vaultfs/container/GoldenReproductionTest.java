package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.DeterministicRandom;
import org.vaultfs.testing.Fixtures;

/**
 * The reference's cross-implementation contract: with its deterministic random stream and
 * frozen clock, the same three saves over the same tree must give the golden byte for byte.
 */
class GoldenReproductionTest {
    static final byte[] PW = Fixtures.GOLDEN_PASSWORD.getBytes(StandardCharsets.UTF_8);

    static EditOptions deterministic(DeterministicRandom random, int threads) {
        return EditOptions.defaults()
                .withRandom(random)
                .withClock(Clock.fixed(Instant.parse("2026-06-17T00:00:00Z"), ZoneOffset.UTC))
                .withSourceTimestamps(false).withMetadata(org.vaultfs.container.MetadataCapture.NONE)
                .withKdf(CachingKdf.INSTANCE)
                .withThreads(threads);
    }

    static byte[] build(Path dir, int threads) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("data"));
        Files.write(src.resolve("readme.txt"), "AeroVault v3 cross-impl fixture\n".getBytes(StandardCharsets.US_ASCII));
        byte[] small = new byte[1000];
        Arrays.fill(small, (byte) 0xA5);
        Files.write(src.resolve("data/small.bin"), small);
        Files.write(src.resolve("data/big.bin"), Fixtures.goldenBig());
        Path vault = dir.resolve("golden.aerovault");
        DeterministicRandom random = new DeterministicRandom();
        EditOptions opts = deterministic(random, threads);
        try (VaultEditor ed = VaultEditor.create(vault, PW, opts)) {
            ed.commit();
        }
        try (VaultEditor ed = VaultEditor.open(vault, PW, opts)) {
            ed.mkdir("emptydir");
            ed.commit();
        }
        try (VaultEditor ed = VaultEditor.open(vault, PW, opts)) {
            ed.addFiles(List.of(
                    new VaultEditor.Source(src.resolve("readme.txt"), "readme.txt"),
                    new VaultEditor.Source(src.resolve("data/small.bin"), "data/small.bin"),
                    new VaultEditor.Source(src.resolve("data/big.bin"), "data/big.bin")));
            ed.commit();
        }
        return Files.readAllBytes(vault);
    }

    @Test
    void deterministicWriterReproducesReferenceGolden(@TempDir Path dir) throws Exception {
        byte[] golden = Files.readAllBytes(Fixtures.require("aerovault3_golden.av3"));
        byte[] ours = build(dir.resolve("a"), 2);
        assertSameBytes(golden, ours);
        // Thread count must not change a byte.
        assertSameBytes(golden, build(dir.resolve("b"), 1));
    }

    static void assertSameBytes(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                fail("first differing byte at offset " + i + " (expected " + (expected[i] & 0xff) + ", got "
                        + (actual[i] & 0xff) + "); lengths " + expected.length + " vs " + actual.length);
            }
        }
        assertEquals(expected.length, actual.length, "length differs after a common prefix");
    }
}

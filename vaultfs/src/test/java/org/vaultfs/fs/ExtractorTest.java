package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultReader;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;

class ExtractorTest {
    static final byte[] PW = Fixtures.GOLDEN_PASSWORD.getBytes(StandardCharsets.UTF_8);
    static final byte[] README = "AeroVault v3 cross-impl fixture\n".getBytes(StandardCharsets.US_ASCII);
    static final FileTime STAMP = FileTime.from(Instant.parse("2026-06-17T00:00:00Z"));

    @TempDir
    Path tmp;
    Path golden;
    Path out;
    Path outside;

    @BeforeEach
    void setUp() throws IOException {
        golden = Fixtures.require("aerovault3_golden.av3");
        out = tmp.resolve("out");
        outside = Files.createDirectory(tmp.resolve("outside"));
    }

    @Test
    void extractsEverythingWithExactBytesTimesAndEmptyDirectories() throws IOException {
        ExtractResult r = extract(golden, ExtractOptions.defaults());
        assertEquals(3, r.files());
        assertEquals(2, r.directories());
        assertEquals(32 + 1000 + 300_000, r.bytes());
        assertTrue(r.complete());
        assertArrayEquals(README, Files.readAllBytes(out.resolve("readme.txt")));
        assertArrayEquals(small(), Files.readAllBytes(out.resolve("data/small.bin")));
        assertArrayEquals(Fixtures.goldenBig(), Files.readAllBytes(out.resolve("data/big.bin")));
        assertTrue(Files.isDirectory(out.resolve("emptydir")));
        try (Stream<Path> s = Files.list(out.resolve("emptydir"))) {
            assertEquals(0, s.count());
        }
        assertEquals(STAMP, Files.getLastModifiedTime(out.resolve("readme.txt")));
        assertEquals(STAMP, Files.getLastModifiedTime(out.resolve("data/big.bin")));
        assertEquals(STAMP, Files.getLastModifiedTime(out.resolve("emptydir")));
        assertEquals(List.of(), leftovers(out));
    }

    @Test
    void aDirectorySelectsItsSubtreeOnly() throws IOException {
        ExtractResult r = extract(golden, ExtractOptions.defaults(), "data/");
        assertEquals(2, r.files());
        assertTrue(Files.exists(out.resolve("data/small.bin")));
        assertTrue(Files.exists(out.resolve("data/big.bin")));
        assertFalse(Files.exists(out.resolve("readme.txt")));
        assertFalse(Files.exists(out.resolve("emptydir")));
    }

    @Test
    void aSingleFileKeepsItsVaultPath() throws IOException {
        extract(golden, ExtractOptions.defaults(), "data/small.bin");
        assertArrayEquals(small(), Files.readAllBytes(out.resolve("data/small.bin")));
        assertFalse(Files.exists(out.resolve("data/big.bin")));
    }

    @Test
    void anUnknownSelectionIsNotFoundAndWritesNothing() {
        VaultException e = assertThrows(VaultException.class, () -> extract(golden, ExtractOptions.defaults(), "readme.txt", "nope"));
        assertEquals(Failure.NOT_FOUND, e.failure());
        assertFalse(Files.exists(out));
    }

    @Test
    void refusesASymlinkedDirectoryOnTheWayAndWritesNothingOutside() throws IOException {
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("data"), outside);
        VaultException e = assertThrows(VaultException.class, () -> extract(golden, ExtractOptions.defaults()));
        assertEquals(Failure.PATH_ESCAPE, e.failure());
        assertEquals(List.of(), list(outside));
        assertTrue(Files.isSymbolicLink(out.resolve("data")));
    }

    @Test
    void refusesASymlinkPlantedAsAnEmptyDirectory() throws IOException {
        Files.createDirectories(out);
        Files.createSymbolicLink(out.resolve("emptydir"), outside);
        VaultException e = assertThrows(VaultException.class, () -> extract(golden, ExtractOptions.defaults(), "emptydir"));
        assertEquals(Failure.PATH_ESCAPE, e.failure());
    }

    @Test
    void refusesAFileWhereADirectoryMustGo() throws IOException {
        Files.createDirectories(out);
        Files.write(out.resolve("data"), new byte[] {1});
        VaultException e = assertThrows(VaultException.class, () -> extract(golden, ExtractOptions.defaults(), "data"));
        assertEquals(Failure.PATH_ESCAPE, e.failure());
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(out.resolve("data")));
    }

    @Test
    void replacesAPlantedSymlinkLeafInsteadOfWritingThroughIt() throws IOException {
        Files.createDirectories(out);
        Path victim = Files.write(outside.resolve("victim"), "untouched".getBytes(StandardCharsets.US_ASCII));
        Files.createSymbolicLink(out.resolve("readme.txt"), victim);
        // A dangling link must not be followed either (O_CREAT would create its target).
        Files.createDirectories(out.resolve("data"));
        Files.createSymbolicLink(out.resolve("data/small.bin"), outside.resolve("created-through-link"));

        extract(golden, ExtractOptions.defaults());

        assertEquals("untouched", Files.readString(victim));
        assertEquals(List.of(victim), list(outside));
        assertFalse(Files.isSymbolicLink(out.resolve("readme.txt")));
        assertArrayEquals(README, Files.readAllBytes(out.resolve("readme.txt")));
        assertFalse(Files.isSymbolicLink(out.resolve("data/small.bin")));
        assertArrayEquals(small(), Files.readAllBytes(out.resolve("data/small.bin")));
    }

    @Test
    void overwritesAnExistingRegularFileOnlyWhenAsked() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("readme.txt"), "old content that is longer than the new one");
        VaultException e = assertThrows(VaultException.class, () -> extract(golden, ExtractOptions.defaults(), "readme.txt"));
        assertEquals(Failure.CONFLICT, e.failure());
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("old content that is longer than the new one", Files.readString(out.resolve("readme.txt")), "left as it was");
        extract(golden, ExtractOptions.defaults().withOverwrite(true), "readme.txt");
        assertArrayEquals(README, Files.readAllBytes(out.resolve("readme.txt")));
        // The vault's own copy (same size and time) is no conflict: extracting again just works.
        extract(golden, ExtractOptions.defaults(), "readme.txt");
        assertArrayEquals(README, Files.readAllBytes(out.resolve("readme.txt")));
    }

    @Test
    void anExistingDirectoryAtAFileLeafIsAConflictWithNoTempLeft() throws IOException {
        Files.createDirectories(out.resolve("readme.txt/inner"));
        VaultException e = assertThrows(VaultException.class, () -> extract(golden, ExtractOptions.defaults(), "readme.txt"));
        assertEquals(Failure.CONFLICT, e.failure());
        assertEquals(List.of(), leftovers(out));
    }

    @Test
    void aDamagedBlockAbortsWithBlockAuthAndLeavesNoPartialFile() throws IOException {
        Path damaged = damageBlockOf("data/big.bin");
        VaultException e = assertThrows(VaultException.class, () -> extract(damaged, ExtractOptions.defaults(), "data/big.bin"));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
        assertFalse(Files.exists(out.resolve("data/big.bin")));
        assertEquals(List.of(), leftovers(out));
    }

    @Test
    void salvageSkipsTheDamagedFileAndExtractsTheRest() throws IOException {
        Path damaged = damageBlockOf("data/big.bin");
        List<long[]> progress = new ArrayList<>();
        ExtractOptions opts = ExtractOptions.defaults().withSalvage(true)
                .withProgress((done, total, path) -> progress.add(new long[] {done, total}));
        ExtractResult r = extract(damaged, opts);
        assertEquals(1, r.damaged().size());
        assertEquals("data/big.bin", r.damaged().get(0).path());
        assertTrue(r.damaged().get(0).reason().contains("authentication"), r.damaged().get(0).reason());
        assertEquals(2, r.files());
        assertEquals(32 + 1000, r.bytes());
        assertFalse(Files.exists(out.resolve("data/big.bin")));
        assertArrayEquals(README, Files.readAllBytes(out.resolve("readme.txt")));
        assertArrayEquals(small(), Files.readAllBytes(out.resolve("data/small.bin")));
        assertEquals(List.of(), leftovers(out));
        long[] last = progress.get(progress.size() - 1);
        assertEquals(last[1], last[0]);
    }

    private ExtractResult extract(Path vault, ExtractOptions opts, String... paths) {
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            return new Extractor(r, opts).extract(out, Arrays.asList(paths));
        }
    }

    /** A copy of the golden with one byte flipped inside the first block of {@code path}. */
    private Path damageBlockOf(String path) throws IOException {
        Path copy = tmp.resolve("damaged.av3");
        Files.copy(golden, copy);
        long pos;
        try (VaultReader r = VaultReader.open(golden, PW, CachingKdf.INSTANCE)) {
            ChunkRecord c = r.chunk(r.require(path).chunks().get(0));
            pos = r.header().dataOffset() + c.dataOffset() + 8 + 20;
        }
        byte[] b = Files.readAllBytes(copy);
        b[(int) pos] ^= 0x40;
        Files.write(copy, b);
        return copy;
    }

    private static byte[] small() {
        byte[] s = new byte[1000];
        Arrays.fill(s, (byte) 0xA5);
        return s;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    static List<Path> leftovers(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".vault-extract-")).toList();
        }
    }
}

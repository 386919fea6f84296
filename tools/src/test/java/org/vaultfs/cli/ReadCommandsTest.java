package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.VaultReader;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Fixtures;

/** The read-only commands against the reference golden vault, and how failures are reported. */
class ReadCommandsTest {
    static final String PW = Fixtures.GOLDEN_PASSWORD;
    static final byte[] README = "AeroVault v3 cross-impl fixture\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;
    String golden;
    Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        // A copy, so a test can never damage the shared fixture and temp files would show up here.
        golden = Files.copy(Fixtures.require("aerovault3_golden.av3"), tmp.resolve("golden.av3")).toString();
        cli = new Cli().password(PW);
    }

    @Test
    void lsListsEveryEntryRecursivelyInPathOrder() {
        Cli.Result r = cli.run("ls", golden);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("data/\ndata/big.bin\ndata/small.bin\nemptydir/\nreadme.txt\n", r.stdout());
        assertEquals("", r.stderr());
    }

    @Test
    void lsOfADirectoryListsItsSubtree() {
        Cli.Result r = cli.run("ls", golden, "data");
        assertEquals("data/\ndata/big.bin\ndata/small.bin\n", r.stdout());
    }

    @Test
    void lsLongShowsTypeSizeAndTime() {
        Cli.Result r = cli.run("ls", "-l", golden);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertEquals("d      -  2026-06-17T00:00:00Z  data/", lines.get(0));
        assertEquals("- 300000  2026-06-17T00:00:00Z  data/big.bin", lines.get(1));
        assertEquals("-     32  2026-06-17T00:00:00Z  readme.txt", lines.get(4));
    }

    @Test
    void lsJsonHasStableFields() {
        Cli.Result r = cli.run("ls", "--json", golden, "readme.txt");
        assertEquals("[{\"path\":\"readme.txt\",\"type\":\"file\",\"size\":32,\"modified\":\"2026-06-17T00:00:00Z\"}]\n", r.stdout());
    }

    @Test
    void lsOfAMissingEntryIsNotFound() {
        Cli.Result r = cli.run("ls", golden, "nope");
        assertEquals(10, r.exit());
        assertEquals(List.of("vault: no such entry in vault: \"nope\""), r.errLines());
    }

    @Test
    void catWritesExactBytes() {
        assertArrayEquals(README, cli.run("cat", golden, "readme.txt").stdoutBytes());
        Cli.Result big = cli.run("cat", golden, "/data/big.bin");
        assertEquals(0, big.exit());
        assertArrayEquals(Fixtures.goldenBig(), big.stdoutBytes());
        byte[] small = new byte[1000];
        Arrays.fill(small, (byte) 0xA5);
        assertArrayEquals(small, cli.run("cat", golden, "data/small.bin").stdoutBytes());
    }

    @Test
    void catOfADirectoryIsAUsageError() {
        Cli.Result r = cli.run("cat", golden, "data");
        assertEquals(2, r.exit());
        assertEquals(1, r.errLines().size());
        assertEquals(0, r.stdoutBytes().length);
    }

    @Test
    void extractWritesTheTreeAndASummary() throws IOException {
        Path out = tmp.resolve("out");
        Cli.Result r = cli.run("extract", golden, "-o", out.toString());
        assertEquals(0, r.exit(), r::toString);
        assertArrayEquals(README, Files.readAllBytes(out.resolve("readme.txt")));
        assertArrayEquals(Fixtures.goldenBig(), Files.readAllBytes(out.resolve("data/big.bin")));
        assertTrue(Files.isDirectory(out.resolve("emptydir")));
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.stderr().startsWith("extracted 3 files, 2 directories, 294 KiB, "), r.stderr());
        assertNoTempFiles();
    }

    @Test
    void extractOfMoreDirectoriesThanStayOpenKeepsEveryOldDatedFile() throws IOException {
        // top/0first, then 100 subdirectories (more than the extractor keeps open), then
        // top/zlast: "top" is evicted and reopened while 0first still waits, as a temp file
        // already dated like the vault's file, for its batch's flush. The reopened directory
        // must not take it for a killed run's leftover.
        Path src = Files.createDirectory(tmp.resolve("dirs"));
        Path top = Files.createDirectory(src.resolve("top"));
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        List<String> names = new java.util.ArrayList<>(List.of("top/0first", "top/zlast"));
        for (int d = 0; d < 100; d++) {
            names.add(String.format("top/mid/d%03d/f", d));
        }
        for (String n : names) {
            Path file = src.resolve(n);
            Files.createDirectories(file.getParent());
            Files.setLastModifiedTime(Files.writeString(file, "file " + n), old);
        }
        Path v = tmp.resolve("dirs.aerovault");
        assertEquals(0, cli.run("seal", src.toString(), "-o", v.toString()).exit());
        Path target = tmp.resolve("dirs-out");
        for (int round = 0; round < 2; round++) { // the second into existing directories
            Cli.Result r = cli.run("extract", v.toString(), "-o", target.toString(), "--overwrite");
            assertEquals(0, r.exit(), r::toString);
            for (String n : names) {
                assertEquals("file " + n, Files.readString(target.resolve(n)), "round " + round);
                assertEquals(old, Files.getLastModifiedTime(target.resolve(n)));
            }
        }
        assertTrue(top.toFile().isDirectory());
    }

    @Test
    void extractSelectedPaths() {
        Path out = tmp.resolve("out");
        assertEquals(0, cli.run("extract", golden, "-o", out.toString(), "readme.txt", "emptydir").exit());
        assertTrue(Files.exists(out.resolve("readme.txt")));
        assertTrue(Files.isDirectory(out.resolve("emptydir")));
        assertFalse(Files.exists(out.resolve("data")));
    }

    @Test
    void extractRefusesASymlinkInTheTarget() throws IOException {
        Path out = Files.createDirectory(tmp.resolve("out"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createSymbolicLink(out.resolve("data"), outside);
        Cli.Result r = cli.run("extract", golden, "-o", out.toString());
        assertEquals(7, r.exit(), r::toString);
        assertEquals(1, r.errLines().size());
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void infoWithoutAPasswordShowsHeaderFacts() {
        Cli.Result r = new Cli().run("info", golden);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.stdout().contains("AEROVAULT3 version 3"), r.stdout());
        assertTrue(r.stdout().contains("0x00 (encrypted)"), r.stdout());
        assertTrue(r.stdout().contains("locked"), r.stdout());
        assertTrue(r.stdout().contains("2.87 KiB (2,935 bytes)"), r.stdout());
        assertFalse(r.stdout().contains("wrappers"), r.stdout());
    }

    @Test
    void infoJsonUnlockedHasContentsAndWrapperStack() {
        Cli.Result r = cli.run("info", "--json", golden);
        assertEquals(0, r.exit(), r::toString);
        String j = r.stdout();
        assertTrue(j.startsWith("{\"path\":"), j);
        for (String f : List.of("\"format\":\"AEROVAULT3\"", "\"version\":3", "\"encrypted\":true", "\"file_size\":2935",
                "\"extensions\":[]", "\"unlocked\":true", "\"entries\":5", "\"files\":3", "\"directories\":2",
                "\"file_bytes\":301032", "\"created\":\"2026-06-17T00:00:00Z\"",
                "{\"slot\":\"compression\",\"algorithm_id\":\"zstd\",\"algorithm_version\":1",
                "{\"slot\":\"crypt\",\"algorithm_id\":\"aes-256-gcm-siv\",\"algorithm_version\":1}")) {
            assertTrue(j.contains(f), f + " missing in " + j);
        }
    }

    @Test
    void infoJsonLockedSaysSo() {
        Cli.Result r = new Cli().run("info", "--json", golden);
        assertTrue(r.stdout().contains("\"unlocked\":false"), r.stdout());
        assertFalse(r.stdout().contains("\"files\""), r.stdout());
    }

    @Test
    void verifyAcceptsTheGolden() {
        Cli.Result r = cli.run("verify", golden);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.stderr().startsWith("verified "), r.stderr());
        assertTrue(r.stderr().contains("all intact"), r.stderr());
    }

    @Test
    void verifyNamesTheDamagedFileAndFails() throws IOException {
        damageFirstBlockOf("data/big.bin");
        Cli.Result r = cli.run("verify", golden);
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.errLines().contains("vault: damaged file: data/big.bin"), r.stderr());
        assertFalse(r.stderr().contains("readme.txt"), r.stderr());
        assertTrue(r.stderr().contains("verify FAILED: 1 of"), r.stderr());
    }

    @Test
    void extractSalvageSkipsDamagedFilesAndExitsFive() throws IOException {
        damageFirstBlockOf("data/big.bin");
        Path out = tmp.resolve("out");
        Cli.Result plain = cli.run("extract", golden, "-o", out.toString());
        assertEquals(5, plain.exit(), plain::toString);
        assertEquals(1, plain.errLines().size(), plain::toString);

        Cli.Result r = cli.run("extract", "--salvage", golden, "-o", out.toString());
        assertEquals(5, r.exit(), r::toString);
        assertTrue(r.stderr().contains("damaged, not extracted: data/big.bin"), r.stderr());
        assertTrue(r.stderr().contains("1 damaged file skipped"), r.stderr());
        assertArrayEquals(README, Files.readAllBytes(out.resolve("readme.txt")));
        assertFalse(Files.exists(out.resolve("data/big.bin")));
        assertNoTempFiles();
    }

    @Test
    void wrongPasswordExitsThreeWithOneLine() {
        Cli.Result r = new Cli().password("not the password").run("ls", golden);
        assertEquals(3, r.exit(), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.stderr().startsWith("vault: "), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void notAVaultExitsFour() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "just some text\n".repeat(200));
        Cli.Result r = cli.run("ls", text.toString());
        assertEquals(4, r.exit(), r::toString);
        assertEquals(1, r.errLines().size());
        Path tiny = Files.writeString(tmp.resolve("tiny"), "hi");
        assertEquals(4, cli.run("info", tiny.toString()).exit());
    }

    @Test
    void anAerovault2VaultIsReadEditedInPlaceAndNamedWhereItHasNoParity() throws IOException {
        Path fixtures = Fixtures.dir();
        Path fixture = fixtures == null ? null : fixtures.resolveSibling("aerovault2").resolve("v2-cascade.aerovault");
        if (fixture == null || !Files.isRegularFile(fixture)) {
            Fixtures.absent("AEROVAULT2 fixture v2-cascade.aerovault");
        }
        Path v2 = Files.copy(fixture, tmp.resolve("v2.aerovault"));
        Cli v2cli = new Cli().password("aerovault2-fixture-pw");
        Cli.Result ls = v2cli.run("ls", v2.toString());
        assertEquals(0, ls.exit(), ls::toString);
        assertTrue(ls.stdout().contains("données/résumé.txt"), ls::toString);
        Cli.Result cat = v2cli.run("cat", v2.toString(), "readme.txt");
        assertEquals(0, cat.exit(), cat::toString);
        Cli.Result info = new Cli().run("info", v2.toString());
        assertEquals(0, info.exit(), info::toString);
        assertTrue(info.stdout().contains("AEROVAULT2") && info.stdout().contains("cascade"), info::toString);
        assertEquals(0, v2cli.run("verify", v2.toString()).exit());

        Path added = Files.writeString(tmp.resolve("added.txt"), "added to an AEROVAULT2 vault");
        assertEquals(0, v2cli.run("add", v2.toString(), added.toString(), "--to", "inbox").exit());
        assertEquals(0, v2cli.run("mkdir", v2.toString(), "a/b").exit());
        assertEquals(0, v2cli.run("mv", v2.toString(), "inbox/added.txt", "a/b/moved.txt").exit());
        assertEquals(0, v2cli.run("cp", v2.toString(), "readme.txt", "a/readme-copy.txt").exit());
        Cli.Result rm = v2cli.run("rm", v2.toString(), "readme.txt");
        assertEquals(0, rm.exit(), rm::toString);
        assertEquals("added to an AEROVAULT2 vault", v2cli.run("cat", v2.toString(), "a/b/moved.txt").stdout());
        assertEquals(cat.stdout(), v2cli.run("cat", v2.toString(), "a/readme-copy.txt").stdout());
        Cli.Result after = v2cli.run("ls", v2.toString());
        assertTrue(!after.stdout().contains("readme.txt\n") && after.stdout().contains("inbox"), after::toString);
        assertTrue(new Cli().run("info", v2.toString()).stdout().contains("AEROVAULT2"), "still AEROVAULT2");
        assertEquals(0, v2cli.run("verify", v2.toString()).exit());
        byte[] raw = Files.readAllBytes(v2);
        long dataLen = raw.length - 516 - (java.nio.ByteBuffer.wrap(raw, 512, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL);
        Cli.Result json = v2cli.run("info", "--json", v2.toString());
        assertTrue(json.stdout().contains("\"stored_bytes\":" + dataLen), "each chunk record counted once, 4-byte prefix: " + dataLen + " " + json);

        Cli.Result scrub = v2cli.run("scrub", v2.toString());
        assertEquals(6, scrub.exit(), scrub::toString);
        assertEquals(1, scrub.errLines().size(), scrub::toString);
        assertTrue(scrub.stderr().contains("AEROVAULT2"), scrub::toString);
        Cli.Result strip = v2cli.run("parity", "strip", v2.toString());
        assertEquals(6, strip.exit(), strip::toString);
        Cli.Result missing = v2cli.run("rm", v2.toString(), "no/such/entry");
        assertEquals(10, missing.exit(), missing::toString);
        assertEquals(1, missing.errLines().size(), missing::toString);
    }

    @Test
    void missingVaultIsNotFoundBeforeAnyPasswordIsNeeded() {
        Cli.Result r = new Cli().run("ls", tmp.resolve("absent.av3").toString());
        assertEquals(10, r.exit(), r::toString);
        assertEquals(List.of("vault: no such file: " + tmp.resolve("absent.av3")), r.errLines());
    }

    @Test
    void truncatedCopiesFailWithOneLine() throws IOException {
        byte[] all = Files.readAllBytes(Path.of(golden));
        for (int len : new int[] {500, 1024, 2000, all.length - 1}) {
            Path cut = Files.write(tmp.resolve("cut-" + len + ".av3"), Arrays.copyOf(all, len));
            Cli.Result r = cli.run("ls", cut.toString());
            assertNotEquals(0, r.exit(), "length " + len);
            assertEquals(1, r.errLines().size(), r::toString);
            assertTrue(r.stderr().startsWith("vault: "), r.stderr());
        }
        assertEquals(4, cli.run("ls", tmp.resolve("cut-500.av3").toString()).exit());
        assertEquals(4, cli.run("ls", tmp.resolve("cut-2000.av3").toString()).exit());
    }

    @Test
    void noPasswordSourceAndNoTerminalIsAClearError() {
        Cli.Result r = new Cli().run("ls", golden);
        assertEquals(2, r.exit(), r::toString);
        assertEquals(List.of("vault: no password: use --password-file FILE or set $VAULT_PASSWORD (no terminal to prompt on)"),
                r.errLines());
    }

    @Test
    void passwordFileFirstLineIsUsedAndWinsOverTheEnvironment() throws IOException {
        Path f = Files.writeString(tmp.resolve("pw"), PW + "\r\nsecond line ignored\n");
        Cli.Result r = new Cli().password("wrong password").run("ls", "--password-file", f.toString(), golden);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(10, new Cli().run("ls", "--password-file", tmp.resolve("nope").toString(), golden).exit());
    }

    @Test
    void promptIsUsedWhenInteractive() {
        Cli.Result r = new Cli().typing(PW).run("cat", golden, "readme.txt");
        assertEquals(0, r.exit(), r::toString);
        assertArrayEquals(README, r.stdoutBytes());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        Cli.Result missingArg = cli.run("ls");
        assertEquals(2, missingArg.exit());
        assertEquals(1, missingArg.errLines().size(), missingArg::toString);
        assertEquals(2, cli.run("frobnicate").exit());
        assertEquals(2, cli.run("extract").exit()); // (without -o it extracts into the current directory)
        assertEquals(2, cli.run("seal", tmp.toString(), "-o", "x", "--profile", "turbo").exit());
    }

    @Test
    void helpDocumentsEveryExitCode() {
        Cli.Result r = cli.run("--help");
        assertEquals(0, r.exit());
        for (org.vaultfs.error.Failure f : org.vaultfs.error.Failure.values()) {
            assertTrue(ExitCodes.table().containsKey(f.exitCode()), f.id());
            assertTrue(r.stdout().contains(String.format("  %2d  ", f.exitCode())), f.id());
        }
    }

    private void damageFirstBlockOf(String path) throws IOException {
        long pos;
        try (VaultReader r = VaultReader.open(Path.of(golden), PW.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE)) {
            ChunkRecord c = r.chunk(r.require(path).chunks().get(0));
            pos = r.header().dataOffset() + c.dataOffset() + 8 + 20;
        }
        byte[] b = Files.readAllBytes(Path.of(golden));
        b[(int) pos] ^= 0x40;
        Files.write(Path.of(golden), b);
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().contains(".tmp")).toList();
            assertEquals(List.of(), temps);
        }
    }
}

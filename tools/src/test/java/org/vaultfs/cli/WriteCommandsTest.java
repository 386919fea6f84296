package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.testing.CachingKdf;

/** seal and the editing commands, round-tripped through ls/cat/extract on real directories. */
class WriteCommandsTest {
    static final String PW = "test password 1";
    static final byte[] BIG = randomBytes(600_000, 1);

    @TempDir
    static Path shared;
    static Path source;
    static Path sealed;
    static Cli.Result sealResult;

    @TempDir
    Path tmp;
    Path vault;
    Cli cli;

    @BeforeAll
    static void sealOnce() throws IOException {
        source = Files.createDirectory(shared.resolve("src"));
        Files.writeString(source.resolve("a.txt"), "alpha\n");
        Files.createDirectories(source.resolve("sub/deep"));
        Files.write(source.resolve("sub/b.bin"), randomBytes(100_000, 2));
        Files.writeString(source.resolve("sub/deep/c.txt"), "gamma\n");
        // Two identical large files: the second must be stored as references to the first's chunks.
        Files.write(source.resolve("big1.bin"), BIG);
        Files.write(source.resolve("big2.bin"), BIG);
        Files.createDirectory(source.resolve("empty"));
        Files.createSymbolicLink(source.resolve("link"), source.resolve("a.txt"));
        sealed = shared.resolve("sealed.av3");
        sealResult = new Cli().password(PW).run("seal", source.toString(), "-o", sealed.toString());
    }

    @BeforeEach
    void copySealed() throws IOException {
        assertEquals(0, sealResult.exit(), sealResult::toString);
        // Same bytes, same salt: the memoised KDF makes every copy cheap to open.
        vault = Files.copy(sealed, tmp.resolve("v.av3"));
        cli = new Cli().password(PW);
    }

    @Test
    void sealStoresTheTreeAndReportsDedup() throws IOException {
        assertEquals(1, sealResult.errLines().size(), sealResult::toString);
        String summary = sealResult.stderr();
        assertTrue(summary.startsWith("sealed 5 files, 1.24 MiB in, "), summary);
        assertTrue(summary.contains("; recorded 1 symlink or special file"), summary);
        assertFalse(summary.contains("dedup saved 0 B"), summary);

        Cli.Result ls = cli.run("ls", v());
        assertEquals("a.txt\nbig1.bin\nbig2.bin\nempty/\nlink\nsub/\nsub/b.bin\nsub/deep/\nsub/deep/c.txt\n", ls.stdout());

        Path out = tmp.resolve("out");
        assertEquals(0, cli.run("extract", v(), "-o", out.toString()).exit());
        for (String f : List.of("a.txt", "big1.bin", "big2.bin", "sub/b.bin", "sub/deep/c.txt")) {
            assertArrayEquals(Files.readAllBytes(source.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
            assertEquals(Files.getLastModifiedTime(source.resolve(f)).toInstant().getEpochSecond(),
                    Files.getLastModifiedTime(out.resolve(f)).toInstant().getEpochSecond(), f);
        }
        assertTrue(Files.isDirectory(out.resolve("empty")));
        assertTrue(Files.isSymbolicLink(out.resolve("link")), "the symlink comes back as a symlink");

        String info = cli.run("info", "--json", v()).stdout();
        assertTrue(info.contains("\"files\":5"), info);
        assertTrue(info.contains("\"level\":9"), info);
        assertTrue(cli.run("verify", v()).stderr().contains("all intact"));
        assertNoTemps();
    }

    @Test
    void sealRefusesAnExistingOutputBeforeAskingForAPassword() throws IOException {
        byte[] before = Files.readAllBytes(vault);
        Cli.Result r = new Cli().run("seal", source.toString(), "-o", v());
        assertEquals(11, r.exit(), r::toString);
        assertArrayEquals(before, Files.readAllBytes(vault));
    }

    @Test
    void sealRejectsAShortPasswordAndMismatchedPrompts() throws IOException {
        Cli.Result shortPw = new Cli().password("short").run("seal", source.toString(), "-o", tmp.resolve("x.av3").toString());
        assertEquals(2, shortPw.exit(), shortPw::toString);
        // Three tries: a mismatch or a too-short first entry asks again, at once.
        Cli.Result mismatch = new Cli().typing("first password", "second password", "short", "third password", "other")
                .run("seal", source.toString(), "-o", tmp.resolve("y.av3").toString());
        assertEquals(2, mismatch.exit(), mismatch::toString);
        assertEquals(List.of("vault: the passwords do not match; try again", "vault: password must be at least 8 bytes; try again",
                "vault: the passwords do not match"), mismatch.errLines());
        Cli.Result retried = new Cli().typing("first password", "typo password", "right password", "right password")
                .run("seal", source.toString(), "-o", tmp.resolve("z.av3").toString());
        assertEquals(0, retried.exit(), retried::toString);
        assertEquals(0, new Cli().password("right password").run("ls", tmp.resolve("z.av3").toString()).exit());
        Files.delete(tmp.resolve("z.av3"));
        assertFalse(Files.exists(tmp.resolve("x.av3")));
        assertFalse(Files.exists(tmp.resolve("y.av3")));
        assertNoTemps();
    }

    @Test
    void sealInteractiveWithAProfile() {
        Path out = tmp.resolve("fast.av3");
        Cli.Result r = new Cli().typing("typed password", "typed password")
                .run("seal", "--profile", "fast", source.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r::toString);
        String info = new Cli().password("typed password").run("info", "--json", out.toString()).stdout();
        assertTrue(info.contains("\"slot\":\"compression\",\"algorithm_id\":\"zstd\",\"algorithm_version\":1,\"level\":3"), info);
    }

    @Test
    void addPutsFilesAndDirectoriesUnderTheirNames() throws IOException {
        Path extra = Files.createDirectories(tmp.resolve("photos/2026"));
        Files.writeString(extra.resolve("p1.jpg"), "not really a jpeg");
        Path loose = Files.writeString(tmp.resolve("loose.txt"), "loose\n");
        Cli.Result r = cli.run("add", v(), tmp.resolve("photos").toString(), loose.toString(), "--to", "inbox");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.stderr().startsWith("added 2 files, 23 B in, "), r.stderr());
        String ls = cli.run("ls", v(), "inbox").stdout();
        assertEquals("inbox/\ninbox/loose.txt\ninbox/photos/\ninbox/photos/2026/\ninbox/photos/2026/p1.jpg\n", ls);
        assertEquals("not really a jpeg", cli.run("cat", v(), "inbox/photos/2026/p1.jpg").stdout());
        // Re-adding replaces the file at the same path.
        Files.writeString(loose, "changed\n");
        assertEquals(0, cli.run("add", v(), loose.toString(), "--to", "inbox").exit());
        assertEquals("changed\n", cli.run("cat", v(), "inbox/loose.txt").stdout());
        assertEquals("alpha\n", cli.run("cat", v(), "a.txt").stdout());
        assertNoTemps();
    }

    @Test
    void addOfAMissingSourceIsNotFoundAndLeavesTheVaultAlone() throws IOException {
        byte[] before = Files.readAllBytes(vault);
        Cli.Result r = cli.run("add", v(), tmp.resolve("nothing-here").toString());
        assertEquals(10, r.exit(), r::toString);
        assertArrayEquals(before, Files.readAllBytes(vault));
    }

    @Test
    void mkdirCreatesParentsAndIsIdempotent() throws IOException {
        Cli.Result r = cli.run("mkdir", v(), "x/y/z");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("created x/y/z\n", r.stderr());
        assertEquals("x/\nx/y/\nx/y/z/\n", cli.run("ls", v(), "x").stdout());
        byte[] before = Files.readAllBytes(vault);
        Cli.Result again = cli.run("mkdir", v(), "x/y");
        assertEquals(0, again.exit());
        assertEquals("nothing to do: already present\n", again.stderr());
        assertArrayEquals(before, Files.readAllBytes(vault));
        assertEquals(11, cli.run("mkdir", v(), "a.txt").exit());
    }

    @Test
    void rmNeedsRecursiveForNonEmptyDirectories() {
        Cli.Result refused = cli.run("rm", v(), "sub");
        assertEquals(11, refused.exit(), refused::toString);
        assertEquals(List.of("vault: directory is not empty: \"sub\" (use -r)"), refused.errLines());
        Cli.Result r = cli.run("rm", "-r", v(), "sub", "big2.bin");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("removed 5 entries\n", r.stderr());
        assertEquals("a.txt\nbig1.bin\nempty/\nlink\n", cli.run("ls", v()).stdout());
        assertEquals(10, cli.run("rm", v(), "sub").exit());
        assertEquals(0, cli.run("verify", v()).exit());
    }

    @Test
    void mvRenamesFilesAndSubtrees() {
        assertEquals(0, cli.run("mv", v(), "sub", "moved/sub2").exit());
        assertEquals(0, cli.run("mv", v(), "a.txt", "moved/a.txt").exit());
        assertEquals("big1.bin\nbig2.bin\nempty/\nlink\nmoved/\nmoved/a.txt\nmoved/sub2/\nmoved/sub2/b.bin\nmoved/sub2/deep/\nmoved/sub2/deep/c.txt\n",
                cli.run("ls", v()).stdout());
        assertEquals("gamma\n", cli.run("cat", v(), "moved/sub2/deep/c.txt").stdout());
        Cli.Result clash = cli.run("mv", v(), "big1.bin", "big2.bin");
        assertEquals(11, clash.exit(), clash::toString);
        assertEquals(10, cli.run("mv", v(), "nope", "x").exit());
    }

    @Test
    void passwdChangesThePassword() throws IOException {
        Cli changer = new Cli().password(PW);
        changer.env.put("VAULT_NEW_PASSWORD", "the new password");
        Cli.Result r = changer.run("passwd", v());
        assertEquals(0, r.exit(), r::toString);
        assertEquals("password changed\n", r.stderr());
        assertEquals(3, cli.run("ls", v()).exit());
        Path pwFile = Files.writeString(tmp.resolve("pw"), "the new password\n");
        assertEquals("alpha\n", new Cli().run("cat", "--password-file", pwFile.toString(), v(), "a.txt").stdout());
        assertNoTemps();
    }

    @Test
    void passwdWithoutANewPasswordSourceFails() {
        Cli.Result r = cli.run("passwd", v());
        assertEquals(2, r.exit(), r::toString);
        assertEquals(List.of("vault: no password: use --new-password-file FILE or set $VAULT_NEW_PASSWORD (no terminal to prompt on)"),
                r.errLines());
        assertEquals(0, cli.run("ls", v()).exit());
    }

    @Test
    void aSecondWriterIsRefusedWhileTheVaultIsLocked() {
        EditOptions opts = EditOptions.defaults().withKdf(CachingKdf.INSTANCE);
        try (VaultEditor held = VaultEditor.open(vault, PW.getBytes(StandardCharsets.UTF_8), opts)) {
            Cli.Result r = cli.run("mkdir", v(), "later");
            assertEquals(8, r.exit(), r::toString);
            assertEquals(1, r.errLines().size());
        }
        assertEquals(0, cli.run("mkdir", v(), "later").exit());
    }

    private String v() {
        return vault.toString();
    }

    private void assertNoTemps() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".tmp")).toList());
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}

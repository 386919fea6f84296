package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restic's and tar's selection options, ./paths, ls -h and shell completion, on real trees. */
class SelectionTest {
    static final String PW = "selection password";

    @TempDir
    Path tmp;

    Cli.Result vault(String... args) {
        return new Cli().password(PW).run(args);
    }

    @Test
    void excludePatternsMarkersAndExcludeFiles() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(src.resolve("build/tmp"));
        Files.createDirectories(src.resolve("cache"));
        Files.createDirectories(src.resolve("docs"));
        Files.writeString(src.resolve("build/tmp/x.o"), "o");
        Files.writeString(src.resolve("build/keep.txt"), "k");
        Files.writeString(src.resolve("cache/.nobackup"), "");
        Files.writeString(src.resolve("cache/big.dat"), "d");
        Files.writeString(src.resolve("docs/a.log"), "l");
        Files.writeString(src.resolve("docs/a.txt"), "t");
        Files.writeString(src.resolve("secret.key"), "s");
        Path excludes = Files.writeString(tmp.resolve("excludes"), "# keys stay out\n*.key\n\n");
        Path v = tmp.resolve("v.aerovault");
        Cli.Result seal = vault("seal", src.toString(), "-o", v.toString(), "--exclude", "*.log", "-e", "build/tmp",
                "--exclude-from", excludes.toString(), "--exclude-if-present", ".nobackup");
        assertEquals(0, seal.exit(), seal::toString);
        assertEquals(List.of("build/", "build/keep.txt", "docs/", "docs/a.txt"), vault("ls", v.toString()).stdout().lines().toList());

        Cli.Result add = vault("add", v.toString(), src.resolve("docs").toString(), "--to", "again", "-e", src.resolve("docs/a.txt").toString());
        assertEquals(0, add.exit(), add::toString);
        assertTrue(vault("ls", v.toString(), "again").stdout().contains("again/docs/a.log"));
        assertTrue(!vault("ls", v.toString(), "again").stdout().contains("again/docs/a.txt"), "an absolute pattern");

        assertEquals(2, vault("seal", src.toString(), "-o", tmp.resolve("w").toString(), "--exclude-if-present", "a/b").exit());
        assertEquals(10, vault("seal", src.toString(), "-o", tmp.resolve("w").toString(), "--exclude-from", "/nonexistent").exit());
    }

    @Test
    void dotSlashPathsAndHumanSizes() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src2/docs"));
        Files.write(src.resolve("big.bin"), new byte[1536 * 1024]);
        Files.writeString(src.resolve("small.txt"), "s");
        Path v = tmp.resolve("v2.aerovault");
        assertEquals(0, vault("seal", src.getParent().toString(), "-o", v.toString()).exit());
        assertEquals("s", vault("cat", v.toString(), "./docs/small.txt").stdout());
        assertEquals(List.of("docs/big.bin", "docs/small.txt"),
                vault("ls", v.toString(), "./docs").stdout().lines().filter(l -> !l.endsWith("/")).toList());
        String longHuman = vault("ls", "-l", "-h", v.toString()).stdout();
        assertTrue(longHuman.contains(" 1.5M  ") && longHuman.contains("    1  "), longHuman);
        assertEquals("1023", Human.shortSize(1023));
        assertEquals("1.0K", Human.shortSize(1024));
        assertEquals("10K", Human.shortSize(10 * 1024 - 1));
        assertEquals("2.0G", Human.shortSize(2L << 30));
    }

    @Test
    void completionScriptsForBashAndZsh() throws Exception {
        Cli.Result bash = new Cli().run("completion", "bash");
        assertEquals(0, bash.exit());
        assertTrue(bash.stdout().contains("seal") && bash.stdout().contains("--ec-placement") && bash.stdout().contains("export"));
        Path script = Files.writeString(tmp.resolve("vault-completion.bash"), bash.stdout());
        Process p = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "bash -n: " + out);
        assertTrue(new Cli().run("completion", "zsh").stdout().startsWith("autoload -U +X compinit"));
        assertEquals(2, new Cli().run("completion", "fish").exit());
    }

    @Test
    void cpCopiesFilesAndTreesSharingTheirBlocks() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src3/photos"));
        byte[] big = new byte[2_000_000];
        new java.util.Random(1).nextBytes(big);
        Files.write(src.resolve("a.jpg"), big);
        Files.writeString(src.resolve("b.txt"), "b");
        Path v = tmp.resolve("v3.aerovault");
        assertEquals(0, vault("seal", src.getParent().toString(), "-o", v.toString()).exit());
        long before = Files.size(v);
        Cli.Result cp = vault("cp", v.toString(), "photos", "backup/photos");
        assertEquals(0, cp.exit(), cp::toString);
        assertEquals(0, vault("cp", v.toString(), "./photos/b.txt", "c.txt").exit());
        assertTrue(Files.size(v) - before < 4096, "a copy shares its blocks: grew " + (Files.size(v) - before));
        assertEquals(java.util.Arrays.hashCode(big), java.util.Arrays.hashCode(vault("cat", v.toString(), "backup/photos/a.jpg").stdoutBytes()));
        assertEquals("b", vault("cat", v.toString(), "c.txt").stdout());
        assertEquals(11, vault("cp", v.toString(), "photos", "c.txt").exit());
        assertEquals(11, vault("cp", v.toString(), "photos", "photos/inner").exit());
        assertEquals(10, vault("cp", v.toString(), "nope", "x").exit());
        assertEquals(0, vault("verify", v.toString()).exit());
    }

    @Test
    void dryRunsWriteNothing() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src4/d"));
        Files.write(src.resolve("a.bin"), new byte[3000]);
        Files.writeString(src.resolve("b.log"), "b");
        Path v = tmp.resolve("v4.aerovault");
        Cli.Result plan = new Cli().run("seal", src.getParent().toString(), "-o", v.toString(), "-n", "-e", "*.log");
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.stderr().contains("would seal 1 file in 1 directory, 2.93 KiB"), plan.stderr());
        assertTrue(!Files.exists(v), "nothing written, no password asked");
        assertEquals(0, vault("seal", src.getParent().toString(), "-o", v.toString()).exit());
        byte[] before = Files.readAllBytes(v);
        Cli.Result add = new Cli().run("add", v.toString(), src.toString(), "--dry-run");
        assertTrue(add.stderr().contains("would add 2 files"), add.stderr());
        Cli.Result rm = vault("rm", "-r", v.toString(), "d", "--dry-run");
        assertEquals(0, rm.exit(), rm::toString);
        assertTrue(rm.stderr().contains("would remove 3 entries"), rm.stderr());
        Cli.Result extract = vault("extract", v.toString(), "-o", tmp.resolve("out").toString(), "-n");
        assertTrue(extract.stderr().contains("would extract 2 files, 1 directory"), extract.stderr());
        assertTrue(!Files.exists(tmp.resolve("out")));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(v)), "the vault is untouched");
    }

    @Test
    void extractDefaultsToTheCurrentDirectoryAndLeavesChangedFilesAlone() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src5"));
        Files.writeString(src.resolve("notes.txt"), "from the vault\n");
        Path v = tmp.resolve("v5.aerovault");
        assertEquals(0, vault("seal", src.toString(), "-o", v.toString()).exit());
        Path here = Files.createDirectories(tmp.resolve("here"));
        Path pw = Files.writeString(tmp.resolve("pw5"), PW + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", MountCommandTest.testClassPath(), VaultMain.class.getName(),
                "extract", v.toString(), "--password-file", pw.toString()).directory(here.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("from the vault\n", Files.readString(here.resolve("notes.txt")));

        Files.writeString(here.resolve("notes.txt"), "edited locally since\n");
        Cli.Result again = vault("extract", v.toString(), "-o", here.toString());
        assertEquals(11, again.exit(), again::toString);
        assertTrue(again.stderr().contains("--overwrite"), again.stderr());
        assertEquals("edited locally since\n", Files.readString(here.resolve("notes.txt")));
        assertEquals(0, vault("extract", v.toString(), "-o", here.toString(), "--overwrite").exit());
        assertEquals("from the vault\n", Files.readString(here.resolve("notes.txt")));
    }
}

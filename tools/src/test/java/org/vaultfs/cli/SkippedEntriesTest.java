package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad entry never aborts a seal or an add: each is named on one line, the rest is stored,
 * the summary counts them and the exit code says "done, some entries skipped".
 */
class SkippedEntriesTest {
    static final String PW = "skipped entries password";

    @TempDir
    Path tmp;
    Path bound;

    @AfterEach
    void unbind() throws Exception {
        if (bound != null) {
            new ProcessBuilder("umount", bound.toString()).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** A regular file every read of which fails: chmod 000, or for root (who reads anyway) /proc/self/mem bound onto it. */
    Path unreadableFile(Path p) throws Exception {
        Files.writeString(p, "secret\n");
        if (!isRoot()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
            return p;
        }
        Process m = new ProcessBuilder("mount", "--bind", "/proc/self/mem", p.toString()).redirectErrorStream(true).start();
        String out = new String(m.getInputStream().readAllBytes());
        if (!m.waitFor(20, TimeUnit.SECONDS) || m.exitValue() != 0) {
            System.err.println("SKIPPED: unreadable-file case (root cannot bind-mount here): " + out.trim());
            return null;
        }
        bound = p;
        return p;
    }

    @Test
    void sealCarriesOnPastUnreadableAndUnstorableEntries() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/docs"));
        Files.writeString(src.resolve("good.txt"), "good\n");
        Files.write(src.resolve("big.bin"), new byte[600_000]);
        Path unreadable = unreadableFile(src.resolve("locked.txt"));
        Files.writeString(src.resolve("back\\slash.txt"), "x\n");
        Files.writeString(src.resolve("trailing "), "x\n");
        Files.createDirectories(src.resolve("bad\\dir/inner"));
        Files.writeString(src.resolve("bad\\dir/inner/f.txt"), "x\n");
        Files.createSymbolicLink(src.resolve("link"), src.resolve("good.txt"));
        new ProcessBuilder("mkfifo", src.resolve("fifo").toString()).start().waitFor(10, TimeUnit.SECONDS);
        boolean utf8Names = "UTF-8".equals(System.getProperty("sun.jnu.encoding"));
        if (utf8Names) {
            new ProcessBuilder("bash", "-c", "printf x > \"$1\"/$'bad\\xffname'", "sh", src.toString()).start().waitFor(10, TimeUnit.SECONDS);
        } else {
            System.err.println("SKIPPED: invalid UTF-8 name case (file names are not decoded as UTF-8 here)");
        }
        Path root = src.getParent();
        Path v = tmp.resolve("v.aerovault");

        Cli.Result seal = new Cli().password(PW).run("seal", root.toString(), "-o", v.toString(), "--no-metadata");
        assertEquals(ExitCodes.SKIPPED, seal.exit(), seal::toString);
        List<String> skipped = seal.errLines().stream().filter(l -> l.startsWith("vault: skipped ")).toList();
        if (unreadable != null) {
            // chmod 000 gives "permission denied"; the dead /proc/PID/mem bound for root gives the kernel's error.
            assertTrue(skipped.stream().anyMatch(l -> l.contains("locked.txt: ")), skipped.toString());
        }
        assertTrue(skipped.stream().anyMatch(l -> l.contains("back\\slash.txt") && l.contains("cannot be stored")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(l -> l.contains("trailing ") && l.contains("cannot be stored")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(l -> l.contains("bad\\dir") && l.contains("everything below it")), skipped.toString());
        if (utf8Names) {
            assertTrue(skipped.stream().anyMatch(l -> l.contains("not valid UTF-8")), skipped.toString());
        }
        assertFalse(skipped.stream().anyMatch(l -> l.contains("link") || l.contains("fifo")), "symlinks only with -v: " + skipped);
        String summary = seal.errLines().get(seal.errLines().size() - 1);
        assertTrue(summary.startsWith("sealed 2 files"), summary);
        assertTrue(summary.contains("skipped 2 symlinks or special files"), summary);
        assertTrue(summary.contains("unreadable, unstorable or changed (named above)"), summary);

        Cli.Result ls = new Cli().password(PW).run("ls", v.toString());
        assertEquals(List.of("docs/", "docs/big.bin", "docs/good.txt"), ls.stdout().lines().toList());

        // add: the same, and -v names every symlink and special file.
        Cli.Result add = new Cli().password(PW).run("add", v.toString(), src.toString(), "--to", "again", "-v", "--no-metadata");
        assertEquals(ExitCodes.SKIPPED, add.exit(), add::toString);
        assertTrue(add.stderr().contains("link: symbolic link") && add.stderr().contains("fifo: special file"), add.stderr());
        assertTrue(new Cli().password(PW).run("ls", v.toString()).stdout().contains("again/docs/good.txt"));
    }

    @Test
    void aCleanTreeExitsZeroAndANamedUnreadableFileStillFails() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("clean"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        Files.createSymbolicLink(src.resolve("link"), src.resolve("a.txt"));
        Path v = tmp.resolve("c.aerovault");
        Cli.Result seal = new Cli().password(PW).run("seal", src.toString(), "-o", v.toString());
        assertEquals(0, seal.exit(), "a symlink left out is expected, not a failure: " + seal);
        Path missing = tmp.resolve("nope.txt");
        Cli.Result add = new Cli().password(PW).run("add", v.toString(), missing.toString());
        assertEquals(10, add.exit(), add::toString);
    }

    static void touch(Path p) throws IOException {
        Files.writeString(p, "");
    }
}

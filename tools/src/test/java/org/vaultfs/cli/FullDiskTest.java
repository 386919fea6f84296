package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits on a really full filesystem (a small tmpfs, mounted for the test; needs root): the
 * vault and its detached sidecar change together or not at all.
 */
class FullDiskTest {
    static final String PW = "full disk password";

    @TempDir
    Path tmp;
    Path fs;
    Path source;

    @BeforeEach
    void mountTmpfs() throws Exception {
        fs = Files.createDirectory(tmp.resolve("fs"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", fs.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.err.println("SKIPPED: full-disk tests need to mount a tmpfs (root): " + out.trim());
            Assumptions.abort("cannot mount a tmpfs: " + out.trim());
        }
        source = Files.createDirectory(tmp.resolve("src"));
        Files.write(source.resolve("big.bin"), random(10_000_000, 1));
    }

    @AfterEach
    void unmount() throws Exception {
        if (fs != null) {
            new ProcessBuilder("umount", "-l", fs.toString()).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    Cli.Result vault(String... args) {
        return new Cli().password(PW).run(args);
    }

    /** Leaves exactly {@code free} bytes (within a page) free on the tmpfs. */
    void fillLeaving(long free) throws IOException {
        long avail = Files.getFileStore(fs).getUsableSpace();
        assertTrue(avail > free, "tmpfs too small for the test: " + avail + " free");
        try (RandomAccessFile f = new RandomAccessFile(fs.resolve("filler").toFile(), "rw")) {
            byte[] page = new byte[1 << 20];
            long left = avail - free;
            while (left > 0) {
                int n = (int) Math.min(page.length, left);
                f.write(page, 0, n);
                left -= n;
            }
        }
    }

    void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.list(fs)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "a temporary file was left behind");
        }
    }

    @Test
    void anAddWhoseSidecarCannotBeWrittenChangesNeitherFile() throws Exception {
        Path v = fs.resolve("v.aerovault");
        Path sc = fs.resolve("v.aerovault.aerocorrect");
        Cli.Result seal = vault("seal", source.toString(), "-o", v.toString(), "--ec", "medium", "--ec-placement", "both");
        assertEquals(0, seal.exit(), seal::toString);
        byte[] vaultBefore = Files.readAllBytes(v);
        byte[] sidecarBefore = Files.readAllBytes(sc);
        Path extra = Files.write(tmp.resolve("extra.bin"), random(1_000_000, 2));
        // Room for the new vault (1 MB more, plus its parity) but not for the new sidecar.
        fillLeaving(vaultBefore.length + 1_700_000 + sidecarBefore.length / 2);

        Cli.Result add = vault("add", v.toString(), extra.toString());
        assertEquals(9, add.exit(), add::toString);
        assertTrue(add.stderr().contains("No space left on device") || add.stderr().contains("cannot write"), add.stderr());
        assertArrayEquals(vaultBefore, Files.readAllBytes(v), "the vault is unchanged");
        assertArrayEquals(sidecarBefore, Files.readAllBytes(sc), "the sidecar is unchanged");
        assertNoTempFiles();
        Files.delete(fs.resolve("filler"));
        Cli.Result scrub = vault("scrub", v.toString());
        assertEquals(0, scrub.exit(), scrub::toString);
        assertFalse(vault("ls", v.toString()).stdout().contains("extra.bin"));
    }

    @Test
    void aDetachedSealThatCannotWriteItsSidecarLeavesNoVault() throws Exception {
        Path probe = fs.resolve("probe.aerovault");
        assertEquals(0, vault("seal", source.toString(), "-o", probe.toString(), "--ec", "medium", "--ec-placement", "detached").exit());
        long vaultLen = Files.size(probe);
        long sidecarLen = Files.size(fs.resolve("probe.aerovault.aerocorrect"));
        Files.delete(probe);
        Files.delete(fs.resolve("probe.aerovault.aerocorrect"));
        fillLeaving(vaultLen + sidecarLen / 2);

        Path v = fs.resolve("v.aerovault");
        Cli.Result seal = vault("seal", source.toString(), "-o", v.toString(), "--ec", "medium", "--ec-placement", "detached");
        assertEquals(9, seal.exit(), seal::toString);
        assertFalse(Files.exists(v), "no vault is left as if the seal had succeeded");
        assertFalse(Files.exists(fs.resolve("v.aerovault.aerocorrect")));
        assertNoTempFiles();
    }

    @Test
    void aPullThatFillsTheDiskFailsInOneLineAndGivesTheSpaceBack() throws Exception {
        try (org.vaultfs.remote.S3TestServer server = org.vaultfs.remote.S3TestServer.start()) {
            server.createBucket("full");
            try (var c = server.connection()) {
                c.client().putObject(b -> b.bucket("full").key("big.aerovault"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(random(50_000_000, 7)));
            }
            Cli cli = new Cli().password(PW);
            cli.env.putAll(org.vaultfs.remote.S3TestServer.clientEnv(server.endpoint()));
            Cli.Result r = cli.run("pull", "s3://full/big.aerovault", "-o", fs.resolve("big.aerovault").toString());
            assertEquals(9, r.exit(), r.toString());
            assertEquals(1, r.errLines().size(), r.toString());
            try (var left = Files.list(fs)) {
                assertEquals(java.util.List.of(), left.toList(), "no target, no partial file, no state");
            }
        }
    }

    @Test
    void anExtractOfManySmallFilesThatFillsTheDiskStopsInOneLineWithNoPartialFile() throws Exception {
        // Small files are written on the commit threads; the first failure must stop the
        // extraction (not be retried for every later file) and leave no temp file behind.
        Path many = Files.createDirectory(tmp.resolve("many"));
        for (int d = 0; d < 30; d++) {
            Path dir = Files.createDirectory(many.resolve("d" + d));
            for (int f = 0; f < 40; f++) {
                Files.write(dir.resolve("f" + f), random(60_000, d * 100L + f));
            }
        }
        Path v = tmp.resolve("many.aerovault");
        assertEquals(0, vault("seal", many.toString(), "-o", v.toString(), "--profile", "fast").exit());
        fillLeaving(20_000_000); // 72 MB of files into 20 MB

        Path out = fs.resolve("out");
        Cli.Result r = vault("extract", v.toString(), "-o", out.toString());
        assertEquals(9, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.stderr().contains("No space left on device"), r.stderr());
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().startsWith(".vault-extract-")).toList();
            assertEquals(List.of(), temps, "a partial file was left");
        }
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                String dir = p.getParent().getFileName().toString();
                long seed = Long.parseLong(dir.substring(1)) * 100L + Long.parseLong(name.substring(1));
                assertArrayEquals(random(60_000, seed), Files.readAllBytes(p), "a file under its name is whole: " + p);
            }
        }
    }

    @Test
    void aLargeFileThatFillsTheDiskIsNotSalvagedAsDamage() throws Exception {
        // A large file streams from the vault's decoder straight into the target: a failed
        // write inside that callback is the target's failure, which salvage never skips.
        Path v = tmp.resolve("big.aerovault");
        assertEquals(0, vault("seal", source.toString(), "-o", v.toString(), "--profile", "fast").exit());
        fillLeaving(4_000_000);

        Path out = fs.resolve("out");
        Cli.Result r = vault("extract", v.toString(), "-o", out.toString(), "--salvage");
        assertEquals(9, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.stderr().contains("No space left on device"), r.stderr());
        assertFalse(r.stdout().contains("damaged"), r.toString());
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), "no file, whole or partial");
        }
    }

    @Test
    void aSealThatFillsTheDiskFailsOnceAndBlamesNoSourceFile() throws Exception {
        // A failure to write the vault ends the seal; it is not reported as every later
        // source file being unreadable ("skipped").
        Path many = Files.createDirectory(tmp.resolve("files"));
        for (int i = 0; i < 40; i++) {
            Files.write(many.resolve("f" + i + ".bin"), random(i % 2 == 0 ? 400_000 : 30_000, 50 + i));
        }
        fillLeaving(2_000_000);
        Path v = fs.resolve("v.aerovault");
        Cli.Result r = vault("seal", many.toString(), "-o", v.toString(), "--profile", "fast");
        assertEquals(9, r.exit(), r.toString());
        assertFalse(r.stderr().contains("skipped"), r.stderr());
        assertEquals(1, r.errLines().size(), r.toString());
        assertFalse(Files.exists(v));
        assertNoTempFiles();
    }
}

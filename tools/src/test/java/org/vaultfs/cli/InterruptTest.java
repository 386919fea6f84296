package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM in the middle of real writes, sent to a real `vault` process at
 * the moment its temporary file exists: nothing is left behind and the exit status is the
 * signal's; a SIGKILL's leftovers are removed, and named, by the next writer.
 */
class InterruptTest {
    static final String PW = "interrupt test password";

    @TempDir
    static Path shared;
    static Path src;
    static Path pw;

    @TempDir
    Path tmp;

    @BeforeAll
    static void source() throws IOException {
        src = Files.createDirectories(shared.resolve("src"));
        byte[] buf = new byte[1 << 20];
        Random rnd = new Random(4);
        try (var out = Files.newOutputStream(src.resolve("big.bin"))) {
            // Large enough that a command is still running when the signal lands, with the C hashing.
            for (int i = 0; i < 512; i++) {
                rnd.nextBytes(buf);
                out.write(buf);
            }
        }
        Files.writeString(src.resolve("small.txt"), "small\n");
        pw = Files.writeString(shared.resolve("pw"), PW + "\n");
    }

    static Process vault(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", MountCommandTest.testClassPath(),
                VaultMain.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--password-file", pw.toString()));
        return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits until a file whose name contains {@code marker} exists under {@code dir}, while {@code p} runs. */
    static void awaitFile(Path dir, String marker, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!matching(dir, marker).isEmpty()) {
                return;
            }
            assertTrue(p.isAlive(), "the command ended before writing anything");
            Thread.sleep(5);
        }
        throw new AssertionError("no " + marker + " file appeared in " + dir);
    }

    static List<Path> matching(Path dir, String marker) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().contains(marker)).toList();
        }
    }

    /** The source sealed once for the extraction tests. */
    static Path sealedOnce() {
        Path v = shared.resolve("x.aerovault");
        if (!Files.exists(v)) {
            assertEquals(0, new Cli().password(PW).run("seal", src.toString(), "-o", v.toString(), "--profile", "fast").exit());
        }
        return v;
    }

    /**
     * A JVM started with SIGINT ignored (a background job of a non-interactive shell) keeps it
     * ignored, so Ctrl-C cannot be tested from such a run; say so instead of failing.
     */
    static void assumeSigintDeliverable() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                org.junit.jupiter.api.Assumptions.assumeTrue((ignored & 2) == 0,
                        "SIGINT is ignored by this test run's parent (a background job?): Ctrl-C cannot be tested");
            }
        }
    }

    static int signal(Process p, String sig) throws Exception {
        new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command did not stop on SIG" + sig);
        return p.exitValue();
    }

    static void assertNothingLeft(Path dir) throws IOException {
        assertEquals(List.of(), matching(dir, ".tmp"), "temporary files left");
        assertEquals(List.of(), matching(dir, ".lock"), "lock files left");
    }

    @Test
    void ctrlCDuringASealLeavesNothing() throws Exception {
        assumeSigintDeliverable();
        Path out = tmp.resolve("v.aerovault");
        Process p = vault("seal", src.toString(), "-o", out.toString());
        awaitFile(tmp, ".tmp-", p);
        assertEquals(130, signal(p, "INT"));
        assertFalse(Files.exists(out));
        assertNothingLeft(tmp);
    }

    @Test
    void sigtermDuringAnAddLeavesTheVaultAsItWas() throws Exception {
        Path v = tmp.resolve("v.aerovault");
        Path small = Files.createDirectories(tmp.resolve("smallsrc"));
        Files.writeString(small.resolve("a.txt"), "a\n");
        assertEquals(0, new Cli().password(PW).run("seal", small.toString(), "-o", v.toString(), "--ec", "low",
                "--ec-placement", "both").exit());
        byte[] before = Files.readAllBytes(v);
        byte[] sidecar = Files.readAllBytes(tmp.resolve("v.aerovault.aerocorrect"));
        Process p = vault("add", v.toString(), src.resolve("big.bin").toString());
        awaitFile(tmp, ".tmp-", p);
        assertEquals(143, signal(p, "TERM"));
        assertArrayEquals(before, Files.readAllBytes(v));
        assertArrayEquals(sidecar, Files.readAllBytes(tmp.resolve("v.aerovault.aerocorrect")));
        assertNothingLeft(tmp);
    }

    @Test
    void ctrlCDuringAnExtractLeavesNoPartialFile() throws Exception {
        assumeSigintDeliverable();
        Path v = sealedOnce();
        Path out = tmp.resolve("out");
        Process p = vault("extract", v.toString(), "-o", out.toString());
        awaitFile(out, ".vault-extract-", p);
        assertEquals(130, signal(p, "INT"));
        assertEquals(List.of(), matching(out, ".vault-extract-"), "a partial file was left");
    }

    @Test
    void aKilledSealsLeftoversAreRemovedAndNamedByTheNextSeal() throws Exception {
        Path out = tmp.resolve("v.aerovault");
        Process p = vault("seal", src.toString(), "-o", out.toString());
        awaitFile(tmp, ".tmp-", p);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no hook runs
        List<Path> left = matching(tmp, ".tmp-");
        assertFalse(left.isEmpty(), "SIGKILL leaves the temp file");
        Cli.Result again = new Cli().password(PW).run("seal", src.resolve("..").resolve("src").toString(), "-o", out.toString());
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.stderr().contains("removed " + left.get(0).getFileName() + ", left by an interrupted write"),
                again.stderr());
        assertNothingLeft(tmp);
        assertTrue(new String(Files.readAllBytes(pw), StandardCharsets.UTF_8).startsWith(PW));
    }

    @Test
    void aKilledExtractsPartialFileIsRemovedAndNamedByTheNextExtract() throws Exception {
        Path v = sealedOnce();
        Path out = tmp.resolve("out");
        Process p = vault("extract", v.toString(), "-o", out.toString());
        awaitFile(out, ".vault-extract-", p);
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: the partial temp file stays
        List<Path> left = matching(out, ".vault-extract-");
        assertFalse(left.isEmpty());
        for (Path l : left) {
            // A killed extraction's file stops changing; one still being written is never this old.
            Files.setLastModifiedTime(l, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        }
        Cli.Result again = new Cli().password(PW).run("extract", v.toString(), "-o", out.toString(), "--overwrite");
        assertEquals(0, again.exit(), again::toString);
        assertTrue(again.stderr().contains("removed " + left.get(0).getFileName() + ", left by an interrupted extraction"),
                again.stderr());
        assertEquals(List.of(), matching(out, ".vault-extract-"));
    }
}

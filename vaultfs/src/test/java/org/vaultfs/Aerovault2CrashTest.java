package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.testing.CachingKdf;

/**
 * An AEROVAULT2 edit killed at any moment (a real child process, SIGKILL) leaves the old vault
 * byte for byte or the complete new one, and the next writer sweeps what the dead one left.
 */
class Aerovault2CrashTest {
    static final byte[] PW = "aerovault2 crash test".getBytes(StandardCharsets.UTF_8);
    static final OpenOptions OPEN = OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE);

    @TempDir
    Path dir;

    @Test
    void killedEditsLeaveTheOldOrTheNewVaultNeverAPartialOne() throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        Files.writeString(seed.resolve("keep.txt"), "must survive every crash\n");
        Path vault = dir.resolve("v.aerovault");
        Vault.sealAerovault2(seed, vault, PW, true, 65536, EditOptions.defaults().withKdf(CachingKdf.INSTANCE));
        byte[] old = Files.readAllBytes(vault);
        String base = java.util.HexFormat.of().formatHex(CachingKdf.INSTANCE.derive(PW, Arrays.copyOfRange(old, 12, 44)));
        Path src = Files.createDirectories(dir.resolve("input"));
        byte[] big = new byte[24 << 20];
        new Random(5).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(big);

        Process first = start(vault, src, base);
        long work;
        try (BufferedReader out = reader(first)) {
            await(out, "OPENED");
            long t0 = System.nanoTime();
            await(out, "COMMITTED");
            work = System.nanoTime() - t0;
        }
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        assertTrue(oldOrCompleteNew(vault, old, digest), "an uninterrupted edit lands");
        assertEquals(List.of(), temps());

        Random rnd = new Random(2026);
        int landed = 0;
        for (int i = 0; i < 5; i++) {
            Files.write(vault, old);
            Process c = start(vault, src, base);
            try (BufferedReader out = reader(c)) {
                await(out, "OPENED");
                TimeUnit.MICROSECONDS.sleep((long) (rnd.nextDouble() * 1.1 * work / 1000));
                c.destroyForcibly();
                assertTrue(c.waitFor(30, TimeUnit.SECONDS));
            }
            landed += oldOrCompleteNew(vault, old, digest) ? 1 : 0;
            try (TreeEdit ed = Vault.edit(vault, PW, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
                assertEquals(List.of(), temps(), "the next writer sweeps a killed one's temporary files");
            }
        }
        System.out.println("AEROVAULT2 crash test: " + landed + " of 5 kills after the rename; an edit took "
                + work / 1_000_000 + " ms");
    }

    private Process start(Path vault, Path src, String base) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "-Xmx256m", "-cp", cp, Aerovault2CrashMain.class.getName(), vault.toString(),
                src.toString(), base).redirectErrorStream(true).start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void await(BufferedReader r, String line) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String l; (l = r.readLine()) != null; ) {
            all.append(l).append('\n');
            if (l.equals(line)) {
                return;
            }
        }
        throw new AssertionError("child ended before printing " + line + ":\n" + all);
    }

    private List<String> temps() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".v.aerovault.tmp-")).toList();
        }
    }

    /** True for the complete new vault (checked whole), false for the old one byte for byte; anything else fails. */
    private static boolean oldOrCompleteNew(Path vault, byte[] old, byte[] digest) throws Exception {
        byte[] now = Files.readAllBytes(vault);
        if (Arrays.equals(now, old)) {
            return false;
        }
        try (Vault v = Vault.open(vault, PW, OPEN)) {
            assertTrue(v.verify(n -> { }).clean());
            try (InputStream in = v.newInputStream("keep.txt")) {
                assertArrayEquals("must survive every crash\n".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
            }
            try (InputStream in = v.newInputStream("new/big.bin")) {
                assertArrayEquals(digest, MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            }
        }
        return true;
    }
}

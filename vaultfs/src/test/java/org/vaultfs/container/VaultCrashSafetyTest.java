package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vaultfs.container.HostileSupport.PW;
import static org.vaultfs.container.HostileSupport.bytes;
import static org.vaultfs.container.HostileSupport.expectFailure;
import static org.vaultfs.container.HostileSupport.listing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.testing.CachingKdf;

/**
 * One writer at a time, and a commit that dies midway never damages the vault: the vault
 * path holds either the old vault byte for byte or a complete new one that verifies.
 */
class VaultCrashSafetyTest {
    static final long BIG = 40L << 20;

    @TempDir
    static Path dir;
    static Path vault;
    static byte[] oldBytes;
    static Path src;
    static byte[] bigDigest;

    @BeforeAll
    static void setUp() throws Exception {
        vault = HostileSupport.buildVault(dir.resolve("v.av3"),
                Map.of("keep.txt", "must survive every crash\n".getBytes(StandardCharsets.UTF_8)), List.of("d"));
        oldBytes = bytes(vault);
        src = Files.createDirectories(dir.resolve("input"));
        // Half random, half repetitive: real compression and encryption work, a few seconds of commit.
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Random rnd = new Random(99);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(src.resolve("big.bin"))) {
            for (long done = 0; done < BIG; done += buf.length) {
                if ((done >> 20) % 2 == 0) {
                    rnd.nextBytes(buf);
                } else {
                    java.util.Arrays.fill(buf, (byte) (done >> 20));
                }
                out.write(buf);
                md.update(buf);
            }
        }
        bigDigest = md.digest();
    }

    @Test
    void secondEditorInTheSameProcessIsLocked() {
        try (VaultEditor first = VaultEditor.open(vault, PW, HostileSupport.opts())) {
            expectFailure(Failure.LOCKED, "vault is locked", () -> VaultEditor.open(vault, PW, HostileSupport.opts()));
            first.mkdir("locked-test");
        }
        // Closing without commit released the lock and changed nothing.
        assertArrayEquals(oldBytes, bytes(vault));
        VaultEditor.open(vault, PW, HostileSupport.opts()).close();
    }

    static String kekHex() {
        VaultHeader h = VaultHeader.parse(java.util.Arrays.copyOf(oldBytes, VaultHeader.SIZE));
        return CrashCommitMain.hex(CachingKdf.INSTANCE.derive(PW, h.salt()));
    }

    static Process startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-cp", cp, CrashCommitMain.class.getName(),
                vault.toString(), src.toString(), kekHex());
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** Reads child output until {@code line} appears; returns everything read. */
    static String awaitLine(BufferedReader r, String line) throws IOException {
        StringBuilder all = new StringBuilder();
        String l;
        while ((l = r.readLine()) != null) {
            all.append(l).append('\n');
            if (l.equals(line)) {
                return all.toString();
            }
        }
        throw new AssertionError("child ended before printing " + line + ":\n" + all);
    }

    static List<String> temps() {
        List<String> t = new ArrayList<>();
        for (String n : listing(dir)) {
            if (n.startsWith(".v.av3.tmp-")) {
                t.add(n);
            }
        }
        return t;
    }

    /** The vault is either the old file exactly, or a complete new vault holding the new file. */
    static boolean assertOldOrCompleteNew() throws Exception {
        byte[] now = bytes(vault);
        if (java.util.Arrays.equals(now, oldBytes)) {
            return false;
        }
        try (VaultReader r = HostileSupport.open(vault)) {
            assertTrue(VaultVerifier.verify(r, ProgressListener.NONE, 2).clean());
            assertArrayEquals("must survive every crash\n".getBytes(StandardCharsets.UTF_8), HostileSupport.read(r, "keep.txt"));
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = r.openStream(r.require("new/big.bin"))) {
                byte[] b = new byte[1 << 16];
                int n;
                while ((n = in.read(b)) > 0) {
                    md.update(b, 0, n);
                }
            }
            assertArrayEquals(bigDigest, md.digest(), "new vault holds a wrong new/big.bin");
        }
        return true;
    }

    @Test
    void killedCommitsLeaveTheOldOrTheNewVaultNeverAPartialOne() throws Exception {
        // Uninterrupted run first: proves the child works and measures how long a commit takes.
        Process p = startChild();
        long t0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            awaitLine(out, "OPENED");
            t0 = System.nanoTime();
            // Another process holds the lock now.
            expectFailure(Failure.LOCKED, "vault is locked", () -> VaultEditor.open(vault, PW, HostileSupport.opts()));
            awaitLine(out, "COMMITTED");
        }
        long workNanos = System.nanoTime() - t0;
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(assertOldOrCompleteNew(), "an uninterrupted commit must produce the new vault");
        assertEquals(List.of(), temps());

        Random rnd = new Random(2024);
        int sawOld = 0;
        int sawNew = 0;
        int midWrite = 0;
        for (int i = 0; i < 5; i++) {
            Files.write(vault, oldBytes);
            // Kill points spread over the whole commit, a little past its end to catch the rename.
            long delayMicros = (long) (rnd.nextDouble() * 1.1 * workNanos / 1000);
            Process c = startChild();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                awaitLine(out, "OPENED");
                TimeUnit.MICROSECONDS.sleep(delayMicros);
                c.destroyForcibly();
                assertTrue(c.waitFor(30, TimeUnit.SECONDS));
            }
            if (!temps().isEmpty()) {
                midWrite++;
            }
            if (assertOldOrCompleteNew()) {
                sawNew++;
            } else {
                sawOld++;
            }
            // The next writer must get the lock (it died with the process) and sweep the dead temp file.
            try (VaultEditor ed = VaultEditor.open(vault, PW, HostileSupport.opts())) {
                assertEquals(List.of(), temps(), "a killed writer's temp file survived open-for-edit");
            }
            assertEquals(List.of(), temps());
        }
        System.out.println("crash test: " + sawOld + " kills left the old vault (" + midWrite + " mid-write), " + sawNew
                + " the new one; commit took "
                + workNanos / 1_000_000 + " ms");
    }
}

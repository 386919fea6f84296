package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.remote.FaultyProxy;
import org.vaultfs.remote.S3TestServer;

/**
 * Pushes that are killed (SIGKILL, a real process) and resumed, and a push after an edit,
 * through a proxy that counts every byte sent to the store.
 */
class S3PushResumeTest {
    private static final String PW = "resume test password";

    @TempDir
    Path tmp;

    private S3TestServer server;
    private FaultyProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = S3TestServer.start(Files.createDirectories(tmp.resolve("store")));
        server.createBucket("backups");
        proxy = new FaultyProxy(server.endpoint());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private void s3Env(java.util.Map<String, String> env) {
        env.putAll(S3TestServer.clientEnv(proxy.endpoint()));
    }

    private Path randomFile(Path p, long size, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long done = 0; done < size; done += buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
        return p;
    }

    private byte[] remote(String key) throws Exception {
        try (var c = server.connection()) {
            return c.client().getObjectAsBytes(b -> b.bucket("backups").key(key)).asByteArray();
        }
    }

    @Test
    void aPushKilledAtRandomMomentsResumesAndTheObjectIsByteIdentical() throws Exception {
        long size = 40L << 20;
        Path file = randomFile(tmp.resolve("v.aerovault"), size, 11);
        Path jar = LauncherMountTest.manifestOnlyJar(tmp.resolve("vault.jar"));
        SplittableRandom r = new SplittableRandom(12);
        int kills = 0;
        for (int round = 0; round < 3; round++) {
            long before = proxy.bytesSent();
            long killAt = before + (3L << 20) + r.nextLong(12L << 20);
            Process p = push(jar, file);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (p.isAlive() && proxy.bytesSent() < killAt && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL: the launcher execs java, so this is the JVM
                p.waitFor(30, TimeUnit.SECONDS);
                kills++;
            }
            assertTrue(Files.exists(tmp.resolve(".v.aerovault.s3push")) || !p.isAlive(), "state kept for the resume");
        }
        Process last = push(jar, file);
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        String err = new String(last.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, last.exitValue(), err);
        assertTrue(kills >= 1, "at least one push was killed mid-way");
        assertArrayEquals(Files.readAllBytes(file), remote("v.aerovault"));
        long resent = proxy.bytesSent() - size;
        // Each kill can waste the parts in flight (2 jobs x 5 MiB) and no more.
        assertTrue(resent < kills * (10L << 20) + (2L << 20), "bytes sent again: " + resent + " after " + kills + " kills");
    }

    private Process push(Path jar, Path file) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("vaultfs.root", ".."), "vault").toString(),
                "push", file.toString(), "s3://backups/v.aerovault", "--part-size", "5", "-j", "2", "-q");
        pb.environment().put("VAULT_JAR", jar.toString());
        pb.environment().remove("VAULT_JAVA_OPTS");
        s3Env(pb.environment());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    @Test
    void aStreamedSealStoppedMidwayLeavesNoObjectAndNoOpenUpload() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("big"));
        randomFile(src.resolve("a.bin"), 120L << 20, 31);
        Path jar = LauncherMountTest.manifestOnlyJar(tmp.resolve("vault.jar"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("vaultfs.root", ".."), "vault").toString(),
                "seal", src.toString(), "-o", "s3://backups/stopped.aerovault", "-q");
        pb.environment().put("VAULT_JAR", jar.toString());
        pb.environment().put("VAULT_PASSWORD", PW);
        pb.environment().remove("VAULT_JAVA_OPTS");
        s3Env(pb.environment());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(tmp.resolve("seal.err").toFile());
        long before = proxy.bytesSent();
        Process p = pb.start();
        p.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && proxy.bytesSent() - before < (20L << 20) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the seal was still uploading");
        p.destroy(); // SIGTERM, as Ctrl-C: the shutdown hook aborts the upload
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), Files.readString(tmp.resolve("seal.err")));
        try (var c = server.connection()) {
            var open = c.client().listMultipartUploads(b -> b.bucket("backups")).uploads();
            assertTrue(open.isEmpty(), "upload aborted: " + open + "; " + Files.readString(tmp.resolve("seal.err")));
            assertTrue(!c.client().listObjectsV2(b -> b.bucket("backups")).hasContents()
                    || c.client().listObjectsV2(b -> b.bucket("backups")).contents().isEmpty(), "no object");
        }
    }

    @Test
    void aPushAfterAddingAMegabyteSendsUnderFivePercentOfTheVault() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        randomFile(src.resolve("photos.bin"), 150L << 20, 21);
        Path vault = tmp.resolve("home.aerovault");
        Cli cli = new Cli().password(PW);
        s3Env(cli.env);
        assertEquals(0, cli.run("seal", src.toString(), "-o", vault.toString(), "-q").exit());
        Cli.Result first = cli.run("push", vault.toString(), "s3://backups/home.aerovault", "-q");
        assertEquals(0, first.exit(), first.toString());
        randomFile(tmp.resolve("new.bin"), 1 << 20, 22);
        Cli.Result add = cli.run("add", vault.toString(), tmp.resolve("new.bin").toString(), "-q");
        assertEquals(0, add.exit(), add.toString());
        long before = proxy.bytesSent();
        Cli.Result second = cli.run("push", vault.toString(), "s3://backups/home.aerovault");
        assertEquals(0, second.exit(), second.toString());
        long wire = proxy.bytesSent() - before;
        long vaultSize = Files.size(vault);
        assertTrue(wire < vaultSize / 20, "incremental push sent " + wire + " bytes of a " + vaultSize + "-byte vault: "
                + second.stderr());
        assertArrayEquals(Files.readAllBytes(vault), remote("home.aerovault"));
        Cli.Result verify = cli.run("verify", "s3://backups/home.aerovault", "-q");
        assertEquals(0, verify.exit(), verify.toString());
        List<String> lines = second.errLines();
        assertTrue(lines.get(lines.size() - 1).contains("copied on the server"), second.stderr());
    }
}

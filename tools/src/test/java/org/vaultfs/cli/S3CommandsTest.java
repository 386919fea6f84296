package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.remote.S3TestServer;

/** `vault push` and `vault pull` against a real S3 API server, as a user would run them. */
class S3CommandsTest {
    private static S3TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        server.createBucket("backups");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Writes {@code size} seeded random bytes to {@code file} and returns them. */
    private static byte[] randomFile(Path file, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        Files.write(file, data);
        return data;
    }

    private Cli cli() {
        Cli c = new Cli().password("correct horse battery");
        c.env.putAll(S3TestServer.clientEnv(server.endpoint()));
        return c;
    }

    @Test
    void aSealedVaultPushedAndPulledBackVerifiesAndIsByteIdentical() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/docs"));
        byte[] big = randomFile(src.resolve("big.bin"), 13 << 20, 5);
        Files.writeString(src.resolve("note.txt"), "hello from the bucket\n");
        Path vault = dir.resolve("v.aerovault");
        Cli.Result sealed = cli().run("seal", dir.resolve("src").toString(), "-o", vault.toString(), "-q");
        assertEquals(0, sealed.exit(), sealed.toString());

        Cli.Result push = cli().run("push", vault.toString(), "s3://backups/home/v.aerovault", "--part-size", "5", "-j", "3");
        assertEquals(0, push.exit(), push.toString());
        assertTrue(push.stderr().contains("3 parts, 3 sent"), push.stderr());

        // Read in place: ls, cat, info, verify and extract of the s3:// location.
        String url = "s3://backups/home/v.aerovault";
        Cli.Result ls = cli().run("ls", url);
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.stdout().contains("docs/note.txt") && ls.stdout().contains("docs/big.bin"), ls.stdout());
        Cli.Result cat = cli().run("cat", url, "docs/note.txt");
        assertEquals("hello from the bucket\n", cat.stdout(), cat.toString());
        Cli.Result info = cli().run("info", url, "--json");
        assertEquals(0, info.exit(), info.toString());
        assertTrue(info.stdout().contains(url), info.stdout());
        Cli.Result remoteVerify = cli().run("verify", url, "-q");
        assertEquals(0, remoteVerify.exit(), remoteVerify.toString());
        Cli.Result extract = cli().run("extract", url, "-o", dir.resolve("out").toString(), "-q");
        assertEquals(0, extract.exit(), extract.toString());
        assertArrayEquals(big, Files.readAllBytes(dir.resolve("out/docs/big.bin")));

        Path back = dir.resolve("back.aerovault");
        Cli.Result pull = cli().run("pull", "s3://backups/home/v.aerovault", "-o", back.toString());
        assertEquals(0, pull.exit(), pull.toString());
        assertArrayEquals(Files.readAllBytes(vault), Files.readAllBytes(back));
        Cli.Result verify = cli().run("verify", back.toString(), "-q");
        assertEquals(0, verify.exit(), verify.toString());

        // Read in place with ranged GETs: listing, a file, every block; then the object is replaced
        // under the open vault and the next read is a conflict, not bytes of the other object.
        org.vaultfs.remote.S3Location at = org.vaultfs.remote.S3Location.parse("s3://backups/home/v.aerovault");
        try (org.vaultfs.Vault v = org.vaultfs.Vault.open(org.vaultfs.remote.S3Source.open(server.connection(), at, true),
                "correct horse battery".getBytes(java.nio.charset.StandardCharsets.UTF_8), org.vaultfs.OpenOptions.DEFAULT)) {
            assertEquals(2, v.entries().stream().filter(e -> !e.isDir()).count());
            try (java.io.InputStream in = v.newInputStream("docs/note.txt")) {
                assertEquals("hello from the bucket\n", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertTrue(v.verify(n -> { }).clean());
            try (var c = server.connection()) {
                c.client().putObject(b -> b.bucket("backups").key("home/v.aerovault"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1, 2, 3}));
            }
            org.vaultfs.error.VaultException changed = org.junit.jupiter.api.Assertions.assertThrows(
                    org.vaultfs.error.VaultException.class, () -> {
                        try (java.io.InputStream in = v.newInputStream("docs/big.bin")) {
                            in.readAllBytes();
                        }
                    });
            assertEquals(org.vaultfs.error.Failure.CONFLICT, changed.failure(), changed.getMessage());
        }

        Cli.Result again = cli().run("pull", "s3://backups/home/v.aerovault", "-o", back.toString());
        assertEquals(11, again.exit(), "an existing target is kept: " + again);
        assertEquals(1, again.errLines().size(), again.toString());
    }

    @Test
    void aMountOfAnS3VaultServesTheTreeAndRandomRangesAndFailsReadsOnceTheObjectIsReplaced() throws Exception {
        Path src = Files.createDirectories(dir.resolve("m/src/sub"));
        byte[] big = randomFile(src.resolve("big.bin"), 9 << 20, 9);
        byte[] other = randomFile(src.resolve("other.bin"), 3 << 20, 10);
        Files.writeString(src.resolve("small.txt"), "small\n");
        Path vault = dir.resolve("m.aerovault");
        assertEquals(0, cli().run("seal", dir.resolve("m/src").toString(), "-o", vault.toString(), "-q").exit());
        assertEquals(0, cli().run("push", vault.toString(), "s3://backups/m.aerovault", "-q").exit());
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        ProcessBuilder pb = new ProcessBuilder(MountCommandTest.javaBin(), "-Xmx512m", "-cp", MountCommandTest.testClassPath(),
                MountCommand.class.getName(), "s3://backups/m.aerovault", mnt.toString(), "--cache-size", "4M")
                .redirectErrorStream(true).redirectOutput(dir.resolve("mount.log").toFile());
        pb.environment().putAll(cli().env);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("mount.log")).contains("vault: mounted")) {
                assertTrue(p.isAlive(), () -> "mount exited: " + log(dir));
                assertTrue(System.nanoTime() < deadline, "not mounted in 60 s");
                Thread.sleep(50);
            }
            assertEquals("small\n", Files.readString(mnt.resolve("sub/small.txt")));
            try (java.util.stream.Stream<Path> files = Files.walk(mnt)) {
                assertEquals(5, files.count(), "root, sub and three files");
            }
            SplittableRandom r = new SplittableRandom(11);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(mnt.resolve("sub/big.bin"))) {
                for (int i = 0; i < 40; i++) {
                    int off = r.nextInt(big.length);
                    int len = Math.min(big.length - off, 1 + r.nextInt(200_000));
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(len);
                    while (buf.hasRemaining() && ch.read(buf, off + buf.position()) > 0) {
                        // read on
                    }
                    assertArrayEquals(java.util.Arrays.copyOfRange(big, off, off + len), buf.array(), "range " + off + "+" + len);
                }
            }
            // Replaced under the mount: blocks not yet cached fail (EIO), never mixing in other bytes.
            try (var c = server.connection()) {
                c.client().putObject(b -> b.bucket("backups").key("m.aerovault"),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[4096]));
            }
            java.io.IOException eio = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> Files.readAllBytes(mnt.resolve("sub/other.bin")));
            assertTrue(String.valueOf(eio.getMessage()).contains("Input/output error"), String.valueOf(eio.getMessage()));
        } finally {
            new ProcessBuilder("fusermount", "-u", mnt.toString()).start().waitFor();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            p.destroyForcibly();
        }
        assertTrue(log(dir).contains("changed while it was being read"), log(dir));
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("mount.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    @Test
    void aVaultSealedStraightToTheStoreReadsBackAndAFailedSealLeavesNothing() throws Exception {
        Path src = Files.createDirectories(dir.resolve("st/src"));
        // three streamed parts: the head (uploaded last) and two more
        byte[] big = randomFile(src.resolve("big.bin"), 40 << 20, 31);
        Files.writeString(src.resolve("a.txt"), "streamed\n");
        String url = "s3://backups/streamed.aerovault";
        Cli.Result sealed = cli().run("seal", src.toString(), "-o", url);
        assertEquals(0, sealed.exit(), sealed.toString());
        assertTrue(sealed.stderr().contains("into " + url), sealed.stderr());
        assertEquals(0, cli().run("verify", url, "-q").exit());
        assertEquals("streamed\n", cli().run("cat", url, "a.txt").stdout());
        Path back = dir.resolve("streamed.back");
        Cli.Result pull = cli().run("pull", url, "-o", back.toString(), "-q");
        assertEquals(0, pull.exit(), "the ETag of a streamed upload is recomputed too: " + pull);
        Cli.Result local = cli().run("extract", back.toString(), "-o", dir.resolve("st/out").toString(), "-q");
        assertEquals(0, local.exit(), local.toString());
        assertArrayEquals(big, Files.readAllBytes(dir.resolve("st/out/big.bin")));

        Cli.Result again = cli().run("seal", src.toString(), "-o", url);
        assertEquals(11, again.exit(), "an existing object is never replaced: " + again);
        Cli.Result ec = cli().run("seal", src.toString(), "-o", "s3://backups/ec.aerovault", "--ec", "10");
        assertEquals(2, ec.exit(), ec.toString());
        assertEquals(1, ec.errLines().size(), ec.toString());
        try (var c = server.connection()) {
            assertFalse(c.client().listObjectsV2(b -> b.bucket("backups").prefix("ec.")).hasContents(), "nothing written");
            assertTrue(c.client().listMultipartUploads(b -> b.bucket("backups")).uploads().isEmpty(), "no upload left open");
        }
    }

    @Test
    void editsOfAnS3VaultArePulledEditedAndPushedBack() throws Exception {
        Path src = Files.createDirectories(dir.resolve("ed/src"));
        byte[] big = randomFile(src.resolve("big.bin"), 24 << 20, 41);
        Files.writeString(src.resolve("old.txt"), "old\n");
        String url = "s3://backups/edited.aerovault";
        assertEquals(0, cli().run("seal", src.toString(), "-o", url, "-q").exit());
        Path note = Files.writeString(dir.resolve("ed/new.txt"), "new\n");
        Cli.Result add = cli().run("add", url, note.toString(), "-q");
        assertEquals(0, add.exit(), add.toString());
        assertEquals(0, cli().run("mkdir", url, "docs", "-q").exit());
        assertEquals(0, cli().run("mv", url, "new.txt", "docs/new.txt", "-q").exit());
        assertEquals(0, cli().run("cp", url, "old.txt", "docs/old-copy.txt", "-q").exit());
        assertEquals(0, cli().run("rm", url, "old.txt", "-q").exit());
        Cli.Result ls = cli().run("ls", url);
        assertEquals(List.of("big.bin", "docs/", "docs/new.txt", "docs/old-copy.txt"),
                ls.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList(), ls.toString());
        assertEquals("new\n", cli().run("cat", url, "docs/new.txt").stdout());
        assertEquals(0, cli().run("verify", url, "-q").exit());
        try (java.util.stream.Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(tmp.noneMatch(p -> p.getFileName().toString().startsWith("vault-edit-")), "the pulled copies are gone");
        }
    }

    @Test
    void aRemoteVaultIsScrubbedInPlaceAndItsDamageNamed() throws Exception {
        Path src = Files.createDirectories(dir.resolve("sc/src"));
        byte[] data = randomFile(src.resolve("data.bin"), 6 << 20, 61);
        Path vault = dir.resolve("sc.aerovault");
        assertEquals(0, cli().run("seal", src.toString(), "-o", vault.toString(), "--ec", "10", "-q").exit());
        assertEquals(0, cli().run("push", vault.toString(), "s3://backups/sc.aerovault", "-q").exit());
        Cli.Result clean = cli().run("scrub", "s3://backups/sc.aerovault");
        assertEquals(0, clean.exit(), clean.toString());
        // A flipped byte inside the data section, as bit rot in the store would leave it.
        byte[] b = Files.readAllBytes(vault);
        b[512 + (3 << 20)] ^= 0x10;
        Files.write(vault, b);
        Files.deleteIfExists(dir.resolve(".sc.aerovault.s3pushed")); // a full push of the damaged copy
        assertEquals(0, cli().run("push", vault.toString(), "s3://backups/sc.aerovault", "-q").exit());
        Cli.Result damaged = cli().run("scrub", "s3://backups/sc.aerovault");
        assertEquals(ScrubCommand.REPAIRABLE, damaged.exit(), damaged.toString());
        assertTrue(damaged.stderr().contains("damaged"), damaged.stderr());
        // Read in place, the damaged block is rebuilt from the embedded parity in memory.
        Cli.Result cat = cli().run("cat", "s3://backups/sc.aerovault", "data.bin");
        assertEquals(0, cat.exit(), cat.stderr());
        assertArrayEquals(data, cat.stdoutBytes(), "repaired on read");
        assertTrue(cat.stderr().contains("repair"), cat.stderr());
    }

    @Test
    void anAerovault2VaultReadsInPlaceAsALocalOneDoes() throws Exception {
        Path v2 = Path.of(System.getProperty("vaultfs.fixtures", "../shared/fixtures/aerovault"))
                .resolveSibling("aerovault2").resolve("v2-cascade.aerovault");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(v2), "AEROVAULT2 fixture absent");
        Cli c = cli();
        c.env.put("VAULT_PASSWORD", "aerovault2-fixture-pw");
        assertEquals(0, c.run("push", v2.toString(), "s3://backups/v2.aerovault", "-q").exit());
        Cli.Result localLs = c.run("ls", v2.toString());
        Cli.Result remoteLs = c.run("ls", "s3://backups/v2.aerovault");
        assertEquals(0, remoteLs.exit(), remoteLs.toString());
        assertEquals(localLs.stdout(), remoteLs.stdout());
        Cli.Result verify = c.run("verify", "s3://backups/v2.aerovault", "-q");
        assertEquals(0, verify.exit(), verify.toString());
        Cli.Result extract = c.run("extract", "s3://backups/v2.aerovault", "-o", dir.resolve("v2out").toString(), "-q");
        assertEquals(0, extract.exit(), extract.toString());
    }

    @Test
    void badLocationsAndMissingObjectsAreOneLineWithTheirExitCodes() {
        Cli.Result typo = cli().run("pull", "s3:/backups/x", "-o", dir.resolve("x").toString());
        assertEquals(2, typo.exit(), typo.toString());
        assertEquals(1, typo.errLines().size(), typo.toString());
        Cli.Result missing = cli().run("pull", "s3://backups/not-there", "-o", dir.resolve("x").toString());
        assertEquals(10, missing.exit(), missing.toString());
        Cli.Result lsMissing = cli().run("ls", "s3://backups/not-there");
        assertEquals(10, lsMissing.exit(), lsMissing.toString());
        assertEquals(1, lsMissing.errLines().size(), lsMissing.toString());
        assertTrue(missing.stderr().contains("no such object: s3://backups/not-there"), missing.stderr());
        assertFalse(Files.exists(dir.resolve("x")));
        Cli.Result noBucket = cli().run("push", "/etc/hostname", "s3://no-such-bucket/x");
        assertEquals(10, noBucket.exit(), noBucket.toString());
        assertEquals(1, noBucket.errLines().size(), noBucket.toString());
        Cli c = cli();
        c.env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");
        Cli.Result denied = c.run("pull", "s3://backups/not-there", "-o", dir.resolve("x").toString());
        assertEquals(15, denied.exit(), denied.toString());
        assertEquals(1, denied.errLines().size(), denied.toString());
    }
}

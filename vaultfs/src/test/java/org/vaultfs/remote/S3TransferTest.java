package org.vaultfs.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** Push and pull against a real S3 API server (S3Proxy in this JVM). */
class S3TransferTest {
    private static S3TestServer server;
    private static final long PART = S3Push.MIN_PART_SIZE;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = S3TestServer.start();
        server.createBucket("vaults");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private Path file(String name, int size, long seed) throws Exception {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void multipartPushAndParallelPullRoundTripByteForByte() throws Exception {
        Path local = file("a.aerovault", (int) (3 * PART + 12345), 1);
        S3Location at = S3Location.parse("s3://vaults/dir/a.aerovault");
        try (S3Connection c = server.connection()) {
            S3Push.Result pushed = S3Push.push(c, local, at, 3, PART, S3Push.Listener.NONE);
            assertEquals(4, pushed.parts());
            assertEquals(4, pushed.partsSent());
            assertEquals(Files.size(local), pushed.bytesSent());
            assertFalse(Files.exists(S3Push.statePath(local)), "state removed after completion");
            Path back = dir.resolve("back.aerovault");
            S3Pull.Result pulled = S3Pull.pull(c, at, back, 3, false);
            assertEquals(Files.size(local), pulled.bytesFetched());
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(back));
            assertFalse(Files.exists(S3Pull.partialPath(back)));
        }
    }

    @Test
    void aPushInterruptedAfterSomePartsResumesWithTheRest() throws Exception {
        Path local = file("b.aerovault", (int) (5 * PART), 2);
        S3Location at = S3Location.parse("s3://vaults/b.aerovault");
        AtomicInteger parts = new AtomicInteger();
        try (S3Connection c = server.connection()) {
            VaultException stopped = assertThrows(VaultException.class, () -> S3Push.push(c, local, at, 1, PART,
                    (bytes, reused) -> {
                        if (parts.incrementAndGet() == 2) {
                            throw new VaultException(Failure.IO, "simulated loss of the connection");
                        }
                    }));
            assertTrue(stopped.getMessage().contains("simulated"));
            assertTrue(Files.exists(S3Push.statePath(local)), "state kept for the resume");
            assertFalse(server.blobStore().blobExists("vaults", "b.aerovault"), "nothing visible before completion");
            S3Push.Result resumed = S3Push.push(c, local, at, 2, PART, S3Push.Listener.NONE);
            assertEquals(2, resumed.partsReused(), "the two parts the store holds are not sent again");
            assertEquals(3, resumed.partsSent());
            assertEquals(3 * PART, resumed.bytesSent());
            Path back = dir.resolve("b.back");
            S3Pull.pull(c, at, back, 2, false);
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(back));
        }
    }

    @Test
    void anInterruptedPullKeepsOnlyPiecesThatStillVerify() throws Exception {
        Path local = file("c.aerovault", 3 * S3Pull.PIECE + 99, 3);
        S3Location at = S3Location.parse("s3://vaults/c.aerovault");
        try (S3Connection c = server.connection()) {
            S3Push.push(c, local, at, 2, PART, S3Push.Listener.NONE);
            Path back = dir.resolve("c.back");
            S3Pull.pull(c, at, back, 2, false);
            // Make it look interrupted: a partial file and its state, with one piece damaged on disk.
            Files.move(back, S3Pull.partialPath(back));
            java.util.Properties st = new java.util.Properties();
            st.setProperty("identity", at + " " + Files.size(local) + " "
                    + S3Push.unquote(c.client().headObject(b -> b.bucket("vaults").key("c.aerovault")).eTag()));
            byte[] bytes = Files.readAllBytes(local);
            for (int i = 0; i < 4; i++) {
                int len = (int) Math.min(S3Pull.PIECE, bytes.length - (long) i * S3Pull.PIECE);
                java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
                d.update(bytes, i * S3Pull.PIECE, len);
                st.setProperty("piece." + i, java.util.HexFormat.of().formatHex(d.digest()));
            }
            TransferState.save(S3Pull.statePath(back), st);
            try (var ch = java.nio.channels.FileChannel.open(S3Pull.partialPath(back),
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), S3Pull.PIECE + 10L);
                ch.truncate(3L * S3Pull.PIECE); // the last piece never landed: an interrupted pull's file is short
            }
            S3Pull.Result resumed = S3Pull.pull(c, at, back, 2, false);
            assertEquals(2, resumed.piecesReused());
            assertEquals(2, resumed.piecesFetched(), "the damaged piece and the missing one are fetched again");
            assertArrayEquals(bytes, Files.readAllBytes(back));
        }
    }

    @Test
    void failuresAreNamedAndLeaveNothingBehind() throws Exception {
        Path local = file("d.aerovault", 1000, 4);
        try (S3Connection c = server.connection()) {
            VaultException noBucket = assertThrows(VaultException.class, () ->
                    S3Push.push(c, local, S3Location.parse("s3://missing-bucket/x"), 1, PART, S3Push.Listener.NONE));
            assertEquals(Failure.NOT_FOUND, noBucket.failure(), noBucket.getMessage());
            VaultException noKey = assertThrows(VaultException.class, () ->
                    S3Pull.pull(c, S3Location.parse("s3://vaults/nothing-here"), dir.resolve("n"), 1, false));
            assertEquals(Failure.NOT_FOUND, noKey.failure());
            assertFalse(Files.exists(dir.resolve("n")));
            S3Push.push(c, local, S3Location.parse("s3://vaults/d"), 1, PART, S3Push.Listener.NONE);
            Files.writeString(dir.resolve("exists"), "x");
            VaultException exists = assertThrows(VaultException.class, () ->
                    S3Pull.pull(c, S3Location.parse("s3://vaults/d"), dir.resolve("exists"), 1, false));
            assertEquals(Failure.CONFLICT, exists.failure());
            assertEquals("x", Files.readString(dir.resolve("exists")));
        }
        try (S3Connection denied = S3Connection.wrap(software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(server.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
                        .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, "wrong")))
                .build())) {
            VaultException e = assertThrows(VaultException.class, () ->
                    S3Pull.pull(denied, S3Location.parse("s3://vaults/d"), dir.resolve("z"), 1, false));
            assertEquals(Failure.REMOTE, e.failure(), e.getMessage());
        }
    }

    @Test
    void aSecondPushCopiesUnchangedRangesOnTheServerAndSendsOnlyWhatChanged() throws Exception {
        int size = 48 << 20;
        Path local = file("e.aerovault", size, 6);
        S3Location at = S3Location.parse("s3://vaults/e.aerovault");
        try (S3Connection c = server.connection()) {
            S3Push.Result first = S3Push.push(c, local, at, 2, 16L << 20, S3Push.Listener.NONE);
            assertEquals(size, first.bytesSent());
            S3Push.Result none = S3Push.push(c, local, at, 2, 16L << 20, S3Push.Listener.NONE);
            assertEquals(0, none.bytesSent(), "unchanged: nothing sent");
            // What an AEROVAULT3 edit does: the header rewritten in place, data and manifest appended.
            try (var ch = java.nio.channels.FileChannel.open(local, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {9, 9, 9, 9}), 100);
                byte[] more = new byte[1 << 20];
                new SplittableRandom(7).nextBytes(more);
                ch.write(java.nio.ByteBuffer.wrap(more), size);
            }
            S3Push.Result second = S3Push.push(c, local, at, 2, 16L << 20, S3Push.Listener.NONE);
            assertTrue(second.bytesSent() <= 7L << 20, "sent " + second.bytesSent());
            assertTrue(second.bytesCopied() >= 42L << 20, "copied " + second.bytesCopied());
            Path back = dir.resolve("e.back");
            S3Pull.pull(c, at, back, 2, false);
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(back), "and the ETag was recomputed on pull");
            // Pulled elsewhere, edited there, pushed back: incremental too (the pull left the record).
            try (var ch = java.nio.channels.FileChannel.open(back, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {7}), 200);
            }
            S3Push.Result fromPull = S3Push.push(c, back, at, 2, 16L << 20, S3Push.Listener.NONE);
            assertTrue(fromPull.bytesSent() <= 5L << 20 && fromPull.bytesCopied() >= 40L << 20, fromPull.toString());
            Path again = dir.resolve("e.again");
            S3Pull.pull(c, at, again, 2, false);
            assertArrayEquals(Files.readAllBytes(back), Files.readAllBytes(again));
            // Someone else replaced the object: no copy from it, a full upload.
            c.client().putObject(b -> b.bucket("vaults").key("e.aerovault"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1}));
            S3Push.Result full = S3Push.push(c, local, at, 2, 16L << 20, S3Push.Listener.NONE);
            assertEquals(Files.size(local), full.bytesSent());
            assertEquals(0, full.bytesCopied());
        }
    }

    @Test
    void cutConnectionsAndBusyAnswersAreRetriedAndTheObjectIsExact() throws Exception {
        Path local = file("f.aerovault", (int) (3 * PART), 8);
        S3Location at = S3Location.parse("s3://vaults/f.aerovault");
        try (FaultyProxy proxy = new FaultyProxy(server.endpoint());
             S3Connection c = S3Connection.wrap(server.client(proxy.endpoint()))) {
            proxy.answerBusy(2);
            proxy.cutAfter(PART + PART / 2); // in the middle of the second part's body
            S3Push.Result r = S3Push.push(c, local, at, 1, PART, S3Push.Listener.NONE);
            assertEquals(1, proxy.cuts(), "the cut happened");
            assertEquals(3, r.partsSent());
            assertTrue(proxy.bytesSent() > Files.size(local) + PART / 2, "the cut part was sent again");
            proxy.cutAfter(1000);
            Path back = dir.resolve("f.back");
            S3Pull.pull(c, at, back, 2, false);
            assertArrayEquals(Files.readAllBytes(local), Files.readAllBytes(back));
        }
    }

    @Test
    void missingCredentialsAreOneLineNamingWhatToSet() {
        VaultException e = S3Connection.translate(S3Location.parse("s3://vaults/x"),
                software.amazon.awssdk.core.exception.SdkClientException.create(
                        "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(...)"));
        assertEquals(Failure.REMOTE, e.failure());
        assertEquals("no AWS credentials for s3://vaults/x: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
                + " with ~/.aws/credentials", e.getMessage());
    }

    @Test
    void aStreamedVaultOpensAndServesAFirstByteInAHandfulOfRequests() throws Exception {
        Path src = Files.createDirectories(dir.resolve("tree/sub"));
        Files.write(src.resolve("big.bin"), Files.readAllBytes(file("big", 20 << 20, 51)));
        Files.writeString(src.resolve("note.txt"), "first byte\n");
        for (int i = 0; i < 200; i++) {
            Files.writeString(src.resolve("f" + i + ".txt"), "file " + i);
        }
        S3Location at = S3Location.parse("s3://vaults/streamed-lib.aerovault");
        byte[] pw = "streamed library password".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.vaultfs.container.EditOptions opts = org.vaultfs.container.EditOptions.defaults()
                .withKdf(org.vaultfs.testing.CachingKdf.INSTANCE);
        try (S3Connection c = server.connection();
             S3MultipartStream out = S3MultipartStream.create(c, at);
             org.vaultfs.container.VaultEditor ed = org.vaultfs.Vault.create(out, pw, opts)) {
            ed.addTree(dir.resolve("tree"), "");
            ed.commit();
        }
        try (FaultyProxy proxy = new FaultyProxy(server.endpoint());
             org.vaultfs.Vault v = org.vaultfs.Vault.open(S3Source.open(S3Connection.wrap(server.client(proxy.endpoint())), at, true),
                     pw, org.vaultfs.OpenOptions.DEFAULT.withKdf(org.vaultfs.testing.CachingKdf.INSTANCE))) {
            try (java.io.InputStream in = v.newInputStream("sub/note.txt")) {
                assertEquals('f', in.read());
            }
            assertTrue(proxy.requests() <= 5, "HEAD, header and manifest windows, the block: " + proxy.requests() + " requests");
            assertTrue(v.verify(n -> { }).clean());
        }
    }

    @Test
    void bytesCorruptedOnTheWayFailThePullByNameAndLeaveNothing() throws Exception {
        Path local = file("g.aerovault", (int) (2 * PART + 777), 71);
        S3Location at = S3Location.parse("s3://vaults/g.aerovault");
        try (S3Connection c = server.connection()) {
            S3Push.push(c, local, at, 2, PART, S3Push.Listener.NONE);
        }
        try (FaultyProxy proxy = new FaultyProxy(server.endpoint());
             S3Connection c = S3Connection.wrap(server.client(proxy.endpoint()))) {
            proxy.flipAfter(PART); // inside a body, past the HEAD's few hundred bytes
            Path back = dir.resolve("g.back");
            VaultException e = assertThrows(VaultException.class, () -> S3Pull.pull(c, at, back, 1, false));
            assertEquals(Failure.REMOTE, e.failure());
            assertTrue(e.getMessage().startsWith("checksum mismatch"), e.getMessage());
            assertFalse(Files.exists(back));
            assertFalse(Files.exists(S3Pull.partialPath(back)), "the partial file is removed");
        }
    }

    @Test
    void aSizeNoObjectCanHaveIsRefusedBeforeAnythingIsSizedByIt() {
        S3Location at = S3Location.parse("s3://vaults/x");
        for (long claimed : new long[] {-1, (5L << 40) + 1, Long.MAX_VALUE}) {
            VaultException e = assertThrows(VaultException.class, () -> S3Source.checkClaimedSize(claimed, at));
            assertEquals(Failure.REMOTE, e.failure());
        }
        assertEquals(5L << 40, S3Source.checkClaimedSize(5L << 40, at));
        assertTrue(PushRecord.fits(1L << 40));
        assertFalse(PushRecord.fits((1L << 40) + 1), "above 1 TiB no block record is kept");
    }

    @Test
    void locationsAreParsedStrictly() {
        assertEquals(new S3Location("b-1", "k/x y"), S3Location.parse("s3://b-1/k/x y"));
        for (String bad : new String[] {"s3://", "s3://b", "s3://b/", "s3:///k", "s3://B_ad/k", "/tmp/x"}) {
            VaultException e = assertThrows(VaultException.class, () -> S3Location.parse(bad), bad);
            assertEquals(Failure.INVALID_ARGUMENT, e.failure());
        }
    }
}

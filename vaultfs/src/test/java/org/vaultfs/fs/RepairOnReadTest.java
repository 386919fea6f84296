package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.testing.EventLines;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EcPlacement;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultParity;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.container.VaultReader;
import org.vaultfs.ecc.AvecGeometry;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Corrupt;

/** Damaged v4 vaults read back exactly through the repairing chunk source; the vault is never written. */
class RepairOnReadTest {
    static final byte[] PW = "repair on read pw".getBytes(StandardCharsets.UTF_8);
    static final String BIG = "big.bin";
    static final String NOTE = "docs/note.txt";
    static final String OTHER = "z/other.bin";

    @TempDir
    Path dir;
    byte[] big;
    byte[] other;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    Path vault(EcPlacement placement) throws Exception {
        return vault(placement, 20, 400_000);
    }

    /** big.bin (3 MiB), docs/note.txt and z/other.bin, stored in that data order. */
    Path vault(EcPlacement placement, int pct, int otherLen) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("docs"));
        Files.createDirectories(src.resolve("z"));
        big = new byte[3 * 1024 * 1024 + 123];
        new Random(7).nextBytes(big);
        other = new byte[otherLen];
        new Random(8).nextBytes(other);
        Files.write(src.resolve(BIG), big);
        Files.write(src.resolve(NOTE), "a small note".getBytes(StandardCharsets.UTF_8));
        Files.write(src.resolve(OTHER), other);
        Path v = dir.resolve("v.aerovault");
        EditOptions o = EditOptions.defaults().withKdf(CachingKdf.INSTANCE).withThreads(2).withErrorCorrection(pct, placement);
        try (VaultEditor ed = VaultEditor.create(v, PW, o)) {
            ed.addTree(src, "");
            ed.commit();
        }
        return v;
    }

    static VaultReader open(Path v) {
        return VaultReader.open(v, PW, CachingKdf.INSTANCE);
    }

    ChunkSource repairing(VaultReader r) {
        return ChunkSources.forReader(r, EventLines.to(new PrintStream(log, true, StandardCharsets.UTF_8), "vaultfs"));
    }

    String logText() {
        return log.toString(StandardCharsets.UTF_8);
    }

    /** Flips a bit inside the stored block (past its length prefix) of chunk {@code i} of {@code path} (negative: from the end). */
    static ChunkRecord damageChunk(Path v, String path, int i) {
        try (VaultReader r = open(v)) {
            EntryLayout l = r.layout(r.require(path));
            ChunkRecord c = l.chunk(i < 0 ? l.chunkCount() + i : i);
            Corrupt.flipBit(v, r.header().dataOffset() + c.dataOffset() + 8 + 100, 3);
            return c;
        }
    }

    /**
     * Damages P+1 = 3 data shards of parity group 0 (stream offsets 0, S, 2S plus S/2; the
     * records tile the data section, so stream offset = file offset - data offset), each
     * inside a block of {@code BIG}: beyond what the parity can rebuild.
     */
    static void damageBeyondBudget(Path v) throws Exception {
        try (VaultReader r = open(v)) {
            long streamLen = r.header().dataLen();
            int s = AvecGeometry.forStream(streamLen, EcGrid.forManifestPct(r.manifest().errorCorrectionPct())).shardSize();
            EntryLayout l = r.layout(r.require(BIG));
            for (int shard = 0; shard < 3; shard++) {
                long at = (long) shard * s + s / 2;
                boolean inBig = false;
                for (int i = 0; i < l.chunkCount(); i++) {
                    ChunkRecord c = l.chunk(i);
                    inBig |= at >= c.dataOffset() + 8 && at < c.dataOffset() + c.recordLen();
                }
                assertTrue(inBig, "shard " + shard + " midpoint lies in a block of " + BIG);
                Corrupt.flipBit(v, r.header().dataOffset() + at, 0);
            }
        }
    }

    byte[] readAll(ChunkSource src, VaultReader r, String path) throws Exception {
        try (java.io.InputStream in = new org.vaultfs.container.EntryInputStream(r.layout(r.require(path)), src::decode, !src.sharesResults())) {
            return in.readAllBytes();
        }
    }

    @Test
    void embeddedParityServesTheExactBytesOfDamagedBlocksAndNeverWrites() throws Exception {
        Path v = vault(EcPlacement.EMBEDDED);
        ChunkRecord a = damageChunk(v, BIG, 0);
        ChunkRecord b = damageChunk(v, BIG, 1);
        byte[] damaged = Files.readAllBytes(v);
        try (VaultReader r = open(v); ChunkSource src = repairing(r)) {
            VaultException plain = assertThrows(VaultException.class, () -> r.readChunk(a));
            assertEquals(Failure.BLOCK_AUTH, plain.failure());
            assertInstanceOf(RepairingChunkSource.class, src);
            assertArrayEquals(big, readAll(src, r, BIG));
            assertArrayEquals(other, readAll(src, r, OTHER));
        }
        assertArrayEquals(damaged, Files.readAllBytes(v), "the vault is read-only on this path");
        List<String> lines = logText().lines().toList();
        assertEquals(2, lines.size(), logText());
        assertTrue(lines.contains("vaultfs: " + VaultPaths.printable(BIG) + " (block " + a.blockIndex() + "): repaired from parity"), logText());
        assertTrue(lines.contains("vaultfs: " + VaultPaths.printable(BIG) + " (block " + b.blockIndex() + "): repaired from parity"), logText());
    }

    /** What a mount does: raw chunks decode straight into the cache's pages, damaged ones repaired there. */
    @Test
    void theCacheDecodesRawChunksIntoItsPagesAndRepairsDamagedOnesThere() throws Exception {
        Path v = vault(EcPlacement.EMBEDDED);
        ChunkRecord a = damageChunk(v, BIG, 0);
        try (VaultReader r = open(v); ChunkSource src = repairing(r)) {
            EntryLayout l = r.layout(r.require(BIG));
            assertTrue(l.chunkCount() > 1, "several chunks");
            for (int i = 0; i < l.chunkCount(); i++) {
                assertTrue(src.decodesIntoPages(l.chunk(i)), "random data is stored raw: chunk " + i);
            }
            ChunkCache cache = new ChunkCache(src, 32 << 20);
            assertArrayEquals(big, readThrough(cache, l));
            assertArrayEquals(big, readThrough(cache, l), "and again from the cached pages");
            for (int i = 1; i < l.chunkCount(); i++) {
                assertTrue(cache.hasCheckpoints(l.chunk(i).id()), "checkpoints kept for the undamaged chunk " + i);
            }
            assertFalse(cache.hasCheckpoints(a.id()), "a rebuilt chunk gets none: its stored bytes are the damaged ones");
            cache.close();

            ChunkCache plain = new ChunkCache(new ReaderChunkSource(r), 32 << 20);
            VaultException e = assertThrows(VaultException.class, () -> readThrough(plain, l));
            assertEquals(Failure.BLOCK_AUTH, e.failure());
            assertEquals(0, plain.usedBytes(), "the failed chunk's pages went back to the pool");
            assertFalse(plain.contains(a.id()));
            plain.close();
        }
        assertTrue(logText().contains("(block " + a.blockIndex() + "): repaired from parity"), logText());
    }

    static byte[] readThrough(ChunkCache cache, EntryLayout l) {
        byte[] out = new byte[Math.toIntExact(l.size())];
        for (int i = 0; i < l.chunkCount(); i++) {
            int start = Math.toIntExact(l.chunkStartInFile(i));
            int n = Math.toIntExact(l.chunk(i).plaintextLen());
            // two requests per chunk: the first decodes it, the second finds it cached
            int half = n / 2 + 5;
            cache.read(l.chunk(i), 0, half, ByteSink.of(out, start), 0, false);
            cache.read(l.chunk(i), half, n - half, ByteSink.of(out, start + half), 0, false);
        }
        return out;
    }

    @Test
    void aDetachedSidecarBesideTheVaultRepairsToo() throws Exception {
        Path v = vault(EcPlacement.DETACHED);
        try (VaultReader r = open(v)) {
            assertTrue(r.extensions().stream().noneMatch(x -> x.extensionId().startsWith("error-correction")), "detached: no embedded parity");
        }
        byte[] sidecar = Files.readAllBytes(VaultParity.sidecarFor(v));
        damageChunk(v, OTHER, 0);
        byte[] damaged = Files.readAllBytes(v);
        Path out = dir.resolve("out");
        try (VaultReader r = open(v); ChunkSource src = repairing(r)) {
            ExtractResult res = new Extractor(r, src, ExtractOptions.defaults()).extract(out, List.of());
            assertTrue(res.complete());
        }
        assertArrayEquals(other, Files.readAllBytes(out.resolve(OTHER)));
        assertArrayEquals(big, Files.readAllBytes(out.resolve(BIG)));
        assertArrayEquals(damaged, Files.readAllBytes(v));
        assertArrayEquals(sidecar, Files.readAllBytes(VaultParity.sidecarFor(v)));
        assertTrue(logText().contains(VaultPaths.printable(OTHER) + " (block ") && logText().contains("repaired from parity"), logText());
    }

    @Test
    void aVaultWithoutParityGetsThePlainSource() throws Exception {
        Path v = vault(EcPlacement.DETACHED);
        Files.delete(VaultParity.sidecarFor(v));
        try (VaultReader r = open(v); ChunkSource src = repairing(r)) {
            assertInstanceOf(ReaderChunkSource.class, src);
        }
    }

    @Test
    void damageBeyondTheBudgetStillFailsWithBlockAuth() throws Exception {
        Path v = vault(EcPlacement.EMBEDDED);
        damageBeyondBudget(v);
        byte[] damaged = Files.readAllBytes(v);
        try (VaultReader r = open(v); ChunkSource src = repairing(r)) {
            VaultException e = assertThrows(VaultException.class, () -> readAll(src, r, BIG));
            assertEquals(Failure.BLOCK_AUTH, e.failure());
            assertTrue(e.getMessage().contains("cannot be repaired from parity: embedded parity: more damaged shards than parity"),
                    e.getMessage());
            assertArrayEquals(other, readAll(src, r, OTHER), "other files still read");
        }
        assertArrayEquals(damaged, Files.readAllBytes(v));
        assertFalse(logText().contains("repaired from parity"), logText());
    }

    @Test
    void salvageBeyondTheBudgetSkipsExactlyTheUnrecoverableFiles() throws Exception {
        // At 50 % the grid is K=4, P=2: with 1 MiB shards this 5.5 MiB stream has two groups.
        Path v = vault(EcPlacement.EMBEDDED, 50, 5 << 19);
        damageBeyondBudget(v);
        // and one more block, in the second group, that the parity can still rebuild
        try (VaultReader r = open(v)) {
            EntryLayout l = r.layout(r.require(OTHER));
            assertTrue(l.chunk(l.chunkCount() - 1).dataOffset() >= 4 << 20, "last chunk of other.bin is in group 1");
        }
        damageChunk(v, OTHER, -1);
        Path out = dir.resolve("salvaged");
        ExtractResult res;
        try (VaultReader r = open(v); ChunkSource src = repairing(r)) {
            res = new Extractor(r, src, ExtractOptions.defaults().withSalvage(true)).extract(out, List.of());
        }
        assertEquals(List.of(BIG), res.damaged().stream().map(ExtractResult.Damaged::path).toList());
        assertEquals(2, res.files());
        assertFalse(Files.exists(out.resolve(BIG)));
        assertArrayEquals(other, Files.readAllBytes(out.resolve(OTHER)));
        assertEquals("a small note", Files.readString(out.resolve(NOTE)));
        assertEquals(other.length + 12, res.bytes());
    }

    @Test
    void aRebuiltRecordIsCheckedAgainstItsCipherHash() throws Exception {
        // Damage inside the parity region only leaves the blocks intact: nothing to repair, reads succeed.
        Path v = vault(EcPlacement.EMBEDDED);
        long payloadAt;
        try (VaultReader r = open(v)) {
            payloadAt = r.header().extensionPayloadOffset();
        }
        byte[] bytes = Files.readAllBytes(v);
        Arrays.fill(bytes, (int) payloadAt + 40, (int) payloadAt + 200, (byte) 0);
        Files.write(v, bytes);
        try (VaultReader r = open(v); ChunkSource src = repairing(r)) {
            assertArrayEquals(big, readAll(src, r, BIG));
        }
        assertEquals("", logText());
    }
}

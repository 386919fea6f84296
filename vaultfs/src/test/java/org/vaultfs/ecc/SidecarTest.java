package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.crypt.Blake3;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

class SidecarTest {
    @TempDir
    Path dir;

    private final StandaloneCorrector ec = new StandaloneCorrector(2);

    private Path file(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void emptyFileHasOneEmptySegment() throws Exception {
        Path f = file("empty", new byte[0]);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        assertEquals(21 + 3 * (72 + 56 + 32), Files.size(sc));
        try (SidecarReader r = SidecarReader.open(sc)) {
            assertEquals(1, r.segments().size());
            assertEquals(0, r.segments().get(0).windowLen());
        }
        assertEquals(StandaloneCorrector.Status.CLEAN, ec.verify(f, sc).status());
    }

    @Test
    void damagedChecksumEntriesInTheSidecarDoNotMakeAnIntactFileDamaged() throws Exception {
        byte[] data = AvecCodecTest.random(12, 100_000);
        Path f = file("f", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        byte[] s = Files.readAllBytes(sc);
        int payload = 21 + 3 * (128 + 32);
        for (int i = 0; i < 3; i++) {
            // three of the ten data-shard checksums: more mismatches than P=2 could explain
            s[payload + 32 + 16 * i] ^= 0x10;
        }
        Files.write(sc, s);
        assertEquals(StandaloneCorrector.Status.CLEAN, ec.verify(f, sc).status(), "the whole-file SHA-256 clears the file");
        assertEquals(false, ec.repair(f, sc).changed());
        assertArrayEquals(data, Files.readAllBytes(f));
    }

    @Test
    void oneDamagedLocatorCopyIsHealedByAnother() throws Exception {
        byte[] data = AvecCodecTest.random(7, 100_000);
        Path f = file("f", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        byte[] s = Files.readAllBytes(sc);
        s[21 + 40] ^= 1;
        s[10] ^= 0x7F;
        Files.write(sc, s);
        try (SidecarReader r = SidecarReader.open(sc)) {
            assertEquals(1, r.damagedLocatorCopies());
        }
        assertEquals(StandaloneCorrector.Status.CLEAN, ec.verify(f, sc).status());
    }

    @Test
    void everyCopyDamagedAtDifferentBytesIsRecoveredByMajority() throws Exception {
        byte[] data = AvecCodecTest.random(8, 100_000);
        Path f = file("f", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        byte[] s = Files.readAllBytes(sc);
        int stride = 128 + 32;
        s[21 + 3] ^= 1;
        s[21 + stride + 50] ^= 1;
        s[21 + 2 * stride + 100] ^= 1;
        Files.write(sc, s);
        try (SidecarReader r = SidecarReader.open(sc)) {
            assertEquals(3, r.damagedLocatorCopies());
        }
        assertEquals(StandaloneCorrector.Status.CLEAN, ec.verify(f, sc).status());
    }

    @Test
    void sameByteDamagedInTwoCopiesFailsClosed() throws Exception {
        Path f = file("f", AvecCodecTest.random(9, 50_000));
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        byte[] s = Files.readAllBytes(sc);
        int stride = 128 + 32;
        s[21 + 45] ^= 1;
        s[21 + stride + 45] ^= 1;
        s[21 + 2 * stride + 99] ^= 1;
        Files.write(sc, s);
        VaultException e = assertThrows(VaultException.class, () -> SidecarReader.open(sc));
        assertEquals(Failure.MALFORMED, e.failure());
    }

    @Test
    void rottedGeometryHeaderInsideThePayloadIsHealedFromTheLocator() throws Exception {
        byte[] data = AvecCodecTest.random(10, 80_000);
        Path f = file("f", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 25, sc);
        byte[] s = Files.readAllBytes(sc);
        int parityStart = 21 + 3 * (128 + 32);
        s[parityStart] ^= (byte) 0xFF;
        s[parityStart + 10] ^= (byte) 0xFF;
        Files.write(sc, s);
        byte[] damaged = data.clone();
        damaged[12_345] ^= 1;
        Files.write(f, damaged);
        assertTrue(ec.repair(f, sc).changed());
        assertArrayEquals(data, Files.readAllBytes(f));
    }

    @Test
    void forgedCountsAndTruncationAreRejected() throws Exception {
        Path f = file("f", AvecCodecTest.random(11, 40_000));
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        byte[] s = Files.readAllBytes(sc);
        byte[] forged = s.clone();
        for (int i = 9; i < 21; i++) {
            forged[i] = (byte) 0xFF;
        }
        Files.write(sc, forged);
        assertThrows(VaultException.class, () -> SidecarReader.open(sc));
        Files.write(sc, java.util.Arrays.copyOf(s, s.length - 1));
        assertThrows(VaultException.class, () -> SidecarReader.open(sc));
        byte[] version = s.clone();
        version[8] = 9;
        Files.write(sc, version);
        assertEquals(Failure.UNSUPPORTED_VERSION, assertThrows(VaultException.class, () -> SidecarReader.open(sc)).failure());
    }

    @Test
    void foreignSidecarNeverOverwritesTheFile() throws Exception {
        byte[] data = AvecCodecTest.random(12, 80_000);
        byte[] other = data.clone();
        for (int i = 0; i < other.length; i++) {
            other[i] ^= 0x33;
        }
        Path f = file("f", data);
        Path o = file("o", other);
        Path sc = StandaloneCorrector.sidecarFor(o);
        ec.generate(o, 20, sc);
        VaultException e = assertThrows(VaultException.class, () -> ec.repair(f, sc));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
        assertArrayEquals(data, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void damageBeyondTheParityIsReportedAndTheFileIsUntouched() throws Exception {
        byte[] data = AvecCodecTest.random(13, 200_000);
        Path f = file("f", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        byte[] damaged = data.clone();
        for (int i = 0; i < 100_000; i += 4096) {
            damaged[i] ^= 1;
        }
        Files.write(f, damaged);
        assertEquals(StandaloneCorrector.Status.UNREPAIRABLE, ec.verify(f, sc).status());
        assertEquals(Failure.BLOCK_AUTH, assertThrows(VaultException.class, () -> ec.repair(f, sc)).failure());
        assertArrayEquals(damaged, Files.readAllBytes(f));
    }

    @Test
    void versionOneSidecarsAreStillRead() throws Exception {
        byte[] data = AvecCodecTest.random(14, 30_000);
        byte[] avec = AvecEncoder.encode(data, EcGrid.DEFAULT);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(data);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(SidecarFormat.MAGIC);
        b.write(1);
        b.write(SidecarDirectory.binding(sha));
        b.write(sha);
        b.write(le(data.length, 8));
        b.write(le(1, 4));
        b.write(le(0, 8));
        b.write(le(data.length, 8));
        b.write(le(avec.length, 8));
        b.write(avec);
        b.write(Blake3.hash(b.toByteArray()));
        byte[] damaged = data.clone();
        damaged[29_000] ^= 1;
        Path f = file("f", damaged);
        Path sc = file("f.aerocorrect", b.toByteArray());
        assertEquals(StandaloneCorrector.Status.REPAIRABLE, ec.verify(f, sc).status());
        assertTrue(ec.repair(f, sc).changed());
        assertArrayEquals(data, Files.readAllBytes(f));
        byte[] bad = b.toByteArray();
        bad[bad.length - 40] ^= 1;
        Files.write(sc, bad);
        assertThrows(VaultException.class, () -> SidecarReader.open(sc));
    }

    @Test
    void multiWindowFilesUseOneSegmentPerWindow() throws Exception {
        // A 64 MiB window is too large for a unit test's taste; check the tiling arithmetic instead.
        byte[] data = AvecCodecTest.random(15, (int) SidecarFormat.WINDOW + 5000);
        Path f = file("big", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        StandaloneCorrector.Generated g = ec.generate(f, 20, sc);
        assertEquals(2, g.segments());
        data[(int) SidecarFormat.WINDOW + 10] ^= 1;
        data[10] ^= 1;
        byte[] fixed = data.clone();
        fixed[(int) SidecarFormat.WINDOW + 10] ^= 1;
        fixed[10] ^= 1;
        Files.write(f, data);
        assertTrue(ec.repair(f, sc).changed());
        assertArrayEquals(fixed, Files.readAllBytes(f));
    }

    @Test
    void repairingAnIntactFileWritesNothing() throws Exception {
        byte[] data = AvecCodecTest.random(16, 300_000);
        Path f = file("f", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 20, sc);
        Object inode = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        StandaloneCorrector.Repaired r = ec.repair(f, sc);
        assertEquals(false, r.changed());
        assertEquals(0, r.report().damagedData());
        assertEquals(inode, Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "the file was not replaced by a copy");
        assertArrayEquals(data, Files.readAllBytes(f));
    }

    @Test
    void damageInTheSecondWindowOnlyIsRepairedBehindAnIntactFirstWindow() throws Exception {
        byte[] data = AvecCodecTest.random(17, (int) SidecarFormat.WINDOW + 700_000);
        Path f = file("big", data);
        Path sc = StandaloneCorrector.sidecarFor(f);
        ec.generate(f, 10, sc);
        byte[] damaged = data.clone();
        for (int i = (int) SidecarFormat.WINDOW + 300_000; i < (int) SidecarFormat.WINDOW + 310_000; i++) {
            damaged[i] ^= 0x5A;
        }
        damaged[damaged.length - 1] ^= 1;
        Files.write(f, damaged);
        Object inode = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        StandaloneCorrector.Repaired r = ec.repair(f, sc);
        assertTrue(r.changed());
        assertTrue(r.report().repairedShards() >= 2, "shards rebuilt: " + r.report().repairedShards());
        assertArrayEquals(data, Files.readAllBytes(f), "the copied first window and the rebuilt second are exact");
        assertTrue(!inode.equals(Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey()),
                "the repaired file is a new copy renamed into place");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> 8 * i);
        }
        return b;
    }
}

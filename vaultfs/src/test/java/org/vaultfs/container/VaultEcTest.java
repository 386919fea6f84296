package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.ecc.AvecEncoder;
import org.vaultfs.ecc.AvecGeometry;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.ecc.RegionStream;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;

/** v4 vaults: embedded parity layout, sidecar export, and scrub / repair on real damage. */
class VaultEcTest {
    static final byte[] PW = "ec test password".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // The reference's layouts exactly: no metadata extension (MetadataExtensionTest covers parity beside it).
    static final EditOptions OPTS = EditOptions.defaults().withKdf(CachingKdf.INSTANCE).withThreads(2)
            .withMetadata(MetadataCapture.NONE);

    @TempDir
    Path dir;

    Path vault(String name, EcPlacement placement) throws Exception {
        Path src = dir.resolve("src-" + name);
        Files.createDirectories(src.resolve("docs"));
        byte[] big = new byte[3 * 1024 * 1024 + 123];
        new Random(name.hashCode()).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.write(src.resolve("docs/note.txt"), "a small note".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path v = dir.resolve(name + ".aerovault");
        EditOptions o = placement == null ? OPTS : OPTS.withErrorCorrection(20, placement);
        try (VaultEditor ed = VaultEditor.create(v, PW, o)) {
            ed.addTree(src, "");
            ed.commit();
        }
        return v;
    }

    static ScrubReport scrub(Path v) {
        return VaultRepairer.scrub(v, PW, CachingKdf.INSTANCE, 2);
    }

    static ScrubReport repair(Path v) {
        return VaultRepairer.repair(v, PW, CachingKdf.INSTANCE, 2, false);
    }

    static void flip(Path f, long pos, int mask) throws Exception {
        byte[] b = Files.readAllBytes(f);
        b[(int) pos] ^= (byte) mask;
        Files.write(f, b);
    }

    static void zero(Path f, long pos, int len) throws Exception {
        byte[] b = Files.readAllBytes(f);
        Arrays.fill(b, (int) pos, (int) pos + len, (byte) 0);
        Files.write(f, b);
    }

    static VaultHeader header(Path v) throws Exception {
        return VaultHeader.parse(Arrays.copyOf(Files.readAllBytes(v), VaultHeader.SIZE));
    }

    /** Damages, scrubs (expecting REPAIRABLE), repairs, and expects the original bytes back. */
    void assertRepairs(Path v, Damage damage) throws Exception {
        byte[] original = Files.readAllBytes(v);
        byte[] sidecar = Files.exists(VaultParity.sidecarFor(v)) ? Files.readAllBytes(VaultParity.sidecarFor(v)) : null;
        damage.apply(v);
        assertFalse(Arrays.equals(original, Files.readAllBytes(v)) && sidecar != null
                && Arrays.equals(sidecar, Files.readAllBytes(VaultParity.sidecarFor(v))), "the damage changed something");
        ScrubReport r = scrub(v);
        assertEquals(ScrubReport.State.REPAIRABLE, r.state(), r.toString());
        assertTrue(repair(v).repaired());
        assertArrayEquals(original, Files.readAllBytes(v), "repair restores the exact original bytes");
        assertEquals(ScrubReport.State.CLEAN, scrub(v).state());
        if (sidecar != null) {
            assertArrayEquals(sidecar, Files.readAllBytes(VaultParity.sidecarFor(v)));
        }
    }

    interface Damage {
        void apply(Path v) throws Exception;
    }

    @Test
    void embeddedV4LayoutIsTheReferencesAndAV3ReaderIgnoresIt() throws Exception {
        Path v = vault("emb", EcPlacement.EMBEDDED);
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            assertEquals(20, r.manifest().errorCorrectionPct());
            List<ExtensionEntry> x = r.extensions();
            assertEquals(2, x.size());
            assertEquals(ExtensionEntry.EC_DATA, x.get(0).extensionId());
            assertEquals(ExtensionEntry.EC_METADATA, x.get(1).extensionId());
            assertEquals(0, x.get(0).offset());
            assertEquals(x.get(0).length(), x.get(1).offset());
            VaultHeader h = r.header();
            assertEquals(h.extensionPayloadLen(), x.get(0).length() + x.get(1).length());
            byte[] file = Files.readAllBytes(v);
            String dirJson = new String(file, (int) h.extensionDirOffset(), (int) h.extensionDirLen(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals("[{\"extension_id\":\"error-correction.reed-solomon\",\"algorithm_id\":\"reed-solomon\",\"algorithm_version\":1,"
                    + "\"critical\":false,\"offset\":0,\"length\":" + x.get(0).length() + "},{\"extension_id\":"
                    + "\"error-correction-metadata.reed-solomon\",\"algorithm_id\":\"reed-solomon\",\"algorithm_version\":1,"
                    + "\"critical\":false,\"offset\":" + x.get(1).offset() + ",\"length\":" + x.get(1).length() + "}]", dirJson);
            // Data parity is over the records in data-offset order, which tile the data section here.
            byte[] data = Arrays.copyOfRange(file, 1024, (int) (1024 + h.dataLen()));
            byte[] expected = AvecEncoder.encode(data, EcGrid.DEFAULT);
            int p0 = (int) h.extensionPayloadOffset();
            assertArrayEquals(expected, Arrays.copyOfRange(file, p0, p0 + expected.length));
            byte[] manifest = Arrays.copyOfRange(file, (int) h.manifestOffset(), (int) (h.manifestOffset() + h.manifestLen()));
            assertArrayEquals(AvecEncoder.encode(manifest, EcGrid.DEFAULT),
                    Arrays.copyOfRange(file, p0 + expected.length, file.length));
            assertArrayEquals("a small note".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    r.openStream(r.require("docs/note.txt")).readAllBytes());
        }
        assertEquals(ScrubReport.State.CLEAN, scrub(v).state());
    }

    @Test
    void everyCommitRecomputesTheParity() throws Exception {
        Path v = vault("recompute", EcPlacement.EMBEDDED);
        Path extra = dir.resolve("extra.bin");
        Files.write(extra, new byte[700_000]);
        try (VaultEditor ed = VaultEditor.open(v, PW, OPTS)) {
            ed.addFile(extra, "extra.bin");
            ed.commit();
        }
        try (VaultEditor ed = VaultEditor.open(v, PW, OPTS)) {
            ed.remove("big.bin", false);
            ed.commit();
        }
        ScrubReport r = scrub(v);
        assertEquals(ScrubReport.State.CLEAN, r.state(), r.toString());
        assertEquals("embedded", r.paritySource());
        try (VaultReader rd = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            assertEquals(2, rd.extensions().size());
        }
    }

    @Test
    void plainV3VaultHasNoParityAndScrubsClean() throws Exception {
        Path v = vault("plain", null);
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            assertTrue(r.extensions().isEmpty());
            assertNull(r.manifest().errorCorrectionPct());
        }
        assertEquals(ScrubReport.State.CLEAN, scrub(v).state());
        flip(v, 5000, 1);
        ScrubReport r = scrub(v);
        assertEquals(ScrubReport.State.UNREPAIRABLE, r.state());
        byte[] before = Files.readAllBytes(v);
        assertEquals(Failure.BLOCK_AUTH, assertThrows(VaultException.class, () -> repair(v)).failure());
        assertArrayEquals(before, Files.readAllBytes(v));
    }

    @Test
    void detachedVaultCarriesNoExtensionsAndAFreshSidecar() throws Exception {
        Path v = vault("det", EcPlacement.DETACHED);
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            assertTrue(r.extensions().isEmpty());
            assertEquals(20, r.manifest().errorCorrectionPct());
        }
        assertTrue(Files.exists(VaultParity.sidecarFor(v)));
        ScrubReport r = scrub(v);
        assertEquals(ScrubReport.State.CLEAN, r.state());
        assertEquals("detached", r.paritySource());
    }

    @Test
    void bitFlipsWithinTheBudgetAreRepairedExactly() throws Exception {
        Path v = vault("flips", EcPlacement.EMBEDDED);
        assertRepairs(v, f -> {
            flip(f, 1024 + 100, 0x01);
            flip(f, 1024 + 100 + 400_000, 0x80);
        });
    }

    @Test
    void aZeroedSectorAndADamagedLengthPrefixAreRepaired() throws Exception {
        Path v = vault("sector", EcPlacement.BOTH);
        assertRepairs(v, f -> {
            zero(f, 1024, 8);
            zero(f, 8192, 4096);
        });
    }

    @Test
    void damagedManifestIsRebuiltFromEmbeddedMetadataParity() throws Exception {
        Path v = vault("manifest", EcPlacement.EMBEDDED);
        VaultHeader h = header(v);
        assertRepairs(v, f -> zero(f, h.manifestOffset() + 20, 64));
    }

    @Test
    void damagedHeaderAndManifestAreRebuiltFromTheSidecar() throws Exception {
        Path v = vault("header", EcPlacement.DETACHED);
        VaultHeader h = header(v);
        assertRepairs(v, f -> {
            flip(f, 20, 0xFF);
            flip(f, 140, 0x01);
            flip(f, h.manifestOffset() + 3, 0x10);
        });
    }

    @Test
    void damagedParityAndDirectoryAreRegenerated() throws Exception {
        Path v = vault("parity", EcPlacement.EMBEDDED);
        VaultHeader h = header(v);
        assertRepairs(v, f -> {
            flip(f, h.extensionPayloadOffset() + 5000, 0x04);
            flip(f, h.extensionDirOffset() + 30, 0x01);
        });
    }

    @Test
    void damagedSidecarLocatorCopyIsRewritten() throws Exception {
        Path v = vault("locator", EcPlacement.BOTH);
        Path sc = VaultParity.sidecarFor(v);
        byte[] good = Files.readAllBytes(sc);
        flip(sc, 30, 0x01);
        assertEquals(ScrubReport.State.REPAIRABLE, scrub(v).state());
        repair(v);
        assertArrayEquals(good, Files.readAllBytes(sc));
    }

    @Test
    void truncatedEmbeddedTailIsRestoredFromTheSidecar() throws Exception {
        Path v = vault("trunc", EcPlacement.BOTH);
        assertRepairs(v, f -> {
            byte[] b = Files.readAllBytes(f);
            Files.write(f, Arrays.copyOf(b, b.length - 3000));
        });
    }

    @Test
    void damageBeyondTheGridLeavesTheVaultUntouched() throws Exception {
        Path v = vault("beyond", EcPlacement.EMBEDDED);
        VaultHeader h = header(v);
        long s = AvecGeometry.forStream(h.dataLen(), EcGrid.DEFAULT).shardSize();
        for (int i = 0; i < 3; i++) {
            flip(v, 1024 + 50 + i * s, 0x01);
        }
        byte[] before = Files.readAllBytes(v);
        ScrubReport r = scrub(v);
        assertEquals(ScrubReport.State.UNREPAIRABLE, r.state());
        assertEquals(1, r.data().unrecoverableGroups());
        VaultException e = assertThrows(VaultException.class, () -> repair(v));
        assertEquals(Failure.BLOCK_AUTH, e.failure());
        assertArrayEquals(before, Files.readAllBytes(v));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary file left");
        }
    }

    @Test
    void dryRunVerifiesButWritesNothing() throws Exception {
        Path v = vault("dry", EcPlacement.EMBEDDED);
        flip(v, 3000, 0x20);
        byte[] before = Files.readAllBytes(v);
        assertTrue(VaultRepairer.repair(v, PW, CachingKdf.INSTANCE, 2, true).repaired());
        assertArrayEquals(before, Files.readAllBytes(v));
    }

    @Test
    void exportAndStripKeepTheVaultProtected() throws Exception {
        Path v = vault("strip", EcPlacement.EMBEDDED);
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            VaultParity.exportSidecar(v, r.header(), r.manifest(), VaultParity.sidecarFor(v), 2);
        }
        try (VaultEditor ed = VaultEditor.open(v, PW, OPTS)) {
            ed.stripEmbeddedParity();
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            assertTrue(r.extensions().isEmpty());
        }
        ScrubReport r = scrub(v);
        assertEquals(ScrubReport.State.CLEAN, r.state(), r.toString());
        assertEquals("detached", r.paritySource());
        try (FileChannel ch = FileChannel.open(v, StandardOpenOption.READ)) {
            assertTrue(RegionStream.of(ch, 0, 10).length() == 10);
        }
    }
}

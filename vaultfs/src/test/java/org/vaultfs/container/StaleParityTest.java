package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.testing.CachingKdf;

/**
 * Parity that does not describe the authentic vault: a sidecar left behind by an edit (the
 * state a kill -9 between the two renames, or a sidecar that could not be written, leaves)
 * and embedded parity whose AVEC header rotted. The vault's MACs and tags are the authority:
 * authentic bytes are never "repaired", and damaged or stale parity is reported and rebuilt.
 */
class StaleParityTest {
    static final byte[] PW = VaultEcTest.PW;

    @TempDir
    Path dir;

    Path sealed(EcPlacement placement) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        byte[] big = new byte[2 * 1024 * 1024 + 77];
        new Random(5).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Path v = dir.resolve("v.aerovault");
        try (VaultEditor ed = VaultEditor.create(v, PW, VaultEcTest.OPTS.withErrorCorrection(20, placement))) {
            ed.addTree(src, "");
            ed.commit();
        }
        return v;
    }

    static void addFile(Path v, Path file, String as) {
        try (VaultEditor ed = VaultEditor.open(v, PW, VaultEcTest.OPTS)) {
            ed.addFile(file, as);
            ed.commit();
        }
    }

    static boolean holds(Path v, String path) {
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            return r.manifest().entries().stream().anyMatch(e -> e.path().equals(path));
        }
    }

    /** An edit whose new sidecar never landed: the authentic new vault beside the previous sidecar. */
    Path staleSidecarAfterAdd(EcPlacement placement) throws Exception {
        Path v = sealed(placement);
        byte[] oldSidecar = Files.readAllBytes(VaultParity.sidecarFor(v));
        Path extra = dir.resolve("extra.bin");
        byte[] b = new byte[1_000_000];
        new Random(9).nextBytes(b);
        Files.write(extra, b);
        addFile(v, extra, "added.bin");
        assertFalse(Arrays.equals(oldSidecar, Files.readAllBytes(VaultParity.sidecarFor(v))), "the edit rewrote the sidecar");
        Files.write(VaultParity.sidecarFor(v), oldSidecar);
        return v;
    }

    @Test
    void aStaleSidecarNeverRollsAnEditBack() throws Exception {
        Path v = staleSidecarAfterAdd(EcPlacement.BOTH);
        byte[] authentic = Files.readAllBytes(v);
        ScrubReport r = VaultEcTest.scrub(v);
        assertFalse(r.headerDamaged(), r.toString());
        assertFalse(r.manifestDamaged(), r.toString());
        assertTrue(r.sidecarStale(), r.toString());
        assertEquals(ScrubReport.State.REPAIRABLE, r.state(), r.toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("is stale") && p.contains("vault repair")), r.problems().toString());

        VaultEcTest.repair(v);
        assertArrayEquals(authentic, Files.readAllBytes(v), "authentic vault bytes are never rewritten");
        assertTrue(holds(v, "added.bin"), "the added file survives");
        ScrubReport after = VaultEcTest.scrub(v);
        assertEquals(ScrubReport.State.CLEAN, after.state(), after.toString());
    }

    @Test
    void killedBetweenTheVaultAndTheSidecarRenameTheNextCommandSaysWhichIsBehind() throws Exception {
        Path v = sealed(EcPlacement.DETACHED);
        byte[] oldSidecar = Files.readAllBytes(VaultParity.sidecarFor(v));
        Path extra = dir.resolve("extra.bin");
        byte[] b = new byte[500_000];
        new Random(11).nextBytes(b);
        Files.write(extra, b);
        VaultHeader h = VaultEcTest.header(v);
        String kek = CrashCommitMain.hex(CachingKdf.INSTANCE.derive(PW, h.salt()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", cp, SidecarWindowMain.class.getName(),
                v.toString(), extra.toString(), kek).redirectErrorStream(true).start();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
            VaultCrashSafetyTest.awaitLine(r, "PUBLISHED");
            child.destroyForcibly().waitFor(); // SIGKILL: the new vault is in place, its sidecar is not
        }
        assertArrayEquals(oldSidecar, Files.readAllBytes(VaultParity.sidecarFor(v)), "the kill landed before the sidecar rename");
        byte[] authentic = Files.readAllBytes(v);
        assertTrue(holds(v, "added.bin"), "the edit landed");

        ScrubReport r = VaultEcTest.scrub(v);
        assertTrue(r.sidecarStale(), r.toString());
        assertFalse(r.headerDamaged(), r.toString());
        assertEquals(ScrubReport.State.REPAIRABLE, r.state(), r.toString());
        VaultEcTest.repair(v);
        assertArrayEquals(authentic, Files.readAllBytes(v));
        assertTrue(holds(v, "added.bin"));
        assertEquals(ScrubReport.State.CLEAN, VaultEcTest.scrub(v).state());
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "the killed writer's temp files are gone");
        }
    }

    @Test
    void aStaleDetachedOnlySidecarIsNotDamageBeyondRepair() throws Exception {
        Path v = staleSidecarAfterAdd(EcPlacement.DETACHED);
        byte[] authentic = Files.readAllBytes(v);
        ScrubReport r = VaultEcTest.scrub(v);
        assertEquals(ScrubReport.State.REPAIRABLE, r.state(), r.toString());
        assertTrue(r.sidecarStale(), r.toString());
        VaultEcTest.repair(v);
        assertArrayEquals(authentic, Files.readAllBytes(v));
        assertEquals(ScrubReport.State.CLEAN, VaultEcTest.scrub(v).state());
        // The regenerated sidecar protects the new vault: header damage is repaired from it.
        VaultEcTest.flip(v, 20, 0xFF);
        VaultEcTest.repair(v);
        assertArrayEquals(authentic, Files.readAllBytes(v));
    }

    @Test
    void aStaleSidecarCannotRebuildADamagedHeaderIntoAnOldOne() throws Exception {
        Path v = staleSidecarAfterAdd(EcPlacement.DETACHED);
        VaultEcTest.flip(v, 20, 0xFF);
        byte[] damaged = Files.readAllBytes(v);
        try {
            ScrubReport r = VaultEcTest.scrub(v);
            assertEquals(ScrubReport.State.UNREPAIRABLE, r.state(), r.toString());
        } catch (org.vaultfs.error.VaultException e) {
            assertNotNull(e.failure());
        }
        try {
            VaultEcTest.repair(v);
        } catch (org.vaultfs.error.VaultException e) {
            // refusing is the right outcome; what matters is below
        }
        assertArrayEquals(damaged, Files.readAllBytes(v), "a failed repair leaves the vault byte for byte");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = EcPlacement.class, names = {"DETACHED", "BOTH"})
    void aStaleSidecarCannotUndoAPasswordChangeThroughADamagedHeader(EcPlacement placement) throws Exception {
        Path v = sealed(placement);
        byte[] oldSidecar = Files.readAllBytes(VaultParity.sidecarFor(v));
        byte[] newPw = "the new password".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (VaultEditor ed = VaultEditor.open(v, PW, VaultEcTest.OPTS)) {
            ed.changePassword(newPw);
            ed.commit();
        }
        Files.write(VaultParity.sidecarFor(v), oldSidecar); // same length, windows and master key: only parity tells
        VaultEcTest.flip(v, 20, 0xFF);
        byte[] damaged = Files.readAllBytes(v);
        for (byte[] pw : new byte[][] {PW, newPw}) {
            org.vaultfs.error.VaultException e = org.junit.jupiter.api.Assertions.assertThrows(org.vaultfs.error.VaultException.class,
                    () -> VaultRepairer.repair(v, pw, CachingKdf.INSTANCE, 2, false));
            assertNotNull(e.failure());
            assertArrayEquals(damaged, Files.readAllBytes(v), "the old header (and old password) never comes back");
        }
    }

    @Test
    void readersIgnoreAStaleSidecarAndSayWhy() throws Exception {
        Path v = staleSidecarAfterAdd(EcPlacement.DETACHED);
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE); BlockRepair br = BlockRepair.of(r)) {
            ChunkRecord any = r.manifest().chunks().values().iterator().next();
            org.vaultfs.error.VaultException e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.vaultfs.error.VaultException.class, () -> br.repair(any));
            assertTrue(e.getMessage().contains("is stale"), e.getMessage());
        }
    }

    @Test
    void aFlippedBitInTheEmbeddedParityHeaderIsDamageAndIsRegenerated() throws Exception {
        Path v = sealed(EcPlacement.EMBEDDED);
        byte[] original = Files.readAllBytes(v);
        VaultHeader h = VaultEcTest.header(v);
        // The AVEC header's L field (bytes 8..15 of the data parity payload, which comes first).
        VaultEcTest.flip(v, h.extensionPayloadOffset() + 9, 0x01);
        ScrubReport r = VaultEcTest.scrub(v);
        assertEquals(ScrubReport.State.REPAIRABLE, r.state(), r.toString());
        assertTrue(r.parityDamaged(), r.toString());
        assertEquals("embedded", r.paritySource(), "the parity stays usable with its header recomputed");
        VaultEcTest.repair(v);
        assertArrayEquals(original, Files.readAllBytes(v));
    }

    @Test
    void damageCoveredByParityIsRepairedDespiteADamagedParityHeader() throws Exception {
        Path v = sealed(EcPlacement.EMBEDDED);
        byte[] original = Files.readAllBytes(v);
        VaultHeader h = VaultEcTest.header(v);
        VaultEcTest.flip(v, h.extensionPayloadOffset() + 9, 0x01);
        VaultEcTest.flip(v, h.dataOffset() + 4000, 0x40);
        assertEquals(ScrubReport.State.REPAIRABLE, VaultEcTest.scrub(v).state());
        VaultEcTest.repair(v);
        assertArrayEquals(original, Files.readAllBytes(v));
    }

    @Test
    void aFlippedBitInTheEmbeddedManifestParityHeaderIsDamage() throws Exception {
        Path v = sealed(EcPlacement.EMBEDDED);
        byte[] original = Files.readAllBytes(v);
        VaultHeader h = VaultEcTest.header(v);
        long metaStart;
        try (VaultReader r = VaultReader.open(v, PW, CachingKdf.INSTANCE)) {
            metaStart = r.extensions().stream().filter(x -> x.extensionId().equals(ExtensionEntry.EC_METADATA))
                    .findFirst().orElseThrow().offset();
        }
        VaultEcTest.flip(v, h.extensionPayloadOffset() + metaStart + 10, 0x02);
        ScrubReport r = VaultEcTest.scrub(v);
        assertEquals(ScrubReport.State.REPAIRABLE, r.state(), r.toString());
        VaultEcTest.repair(v);
        assertArrayEquals(original, Files.readAllBytes(v));
    }
}

package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.testing.Fixtures;

/** The reference's cross-implementation contract for the standalone sidecar (fixture README). */
class AeroCorrectFixtureTest {
    @TempDir
    Path dir;

    private Path copy(String name) throws Exception {
        Path src = Fixtures.require(name);
        Path dst = dir.resolve(name);
        Files.write(dst, Files.readAllBytes(src));
        return dst;
    }

    @Test
    void sidecarVerifiesAgainstIntactPayload() throws Exception {
        Path payload = copy("cross_impl_payload.bin");
        Path sidecar = copy("cross_impl_payload.bin.aerocorrect");
        StandaloneCorrector.Checked c = new StandaloneCorrector(1).verify(payload, sidecar);
        assertEquals(StandaloneCorrector.Status.CLEAN, c.status());
        try (SidecarReader r = SidecarReader.open(sidecar)) {
            assertEquals(2, r.version());
            assertEquals(999, r.totalLen());
            assertEquals(1, r.segments().size());
            assertEquals(new AvecGeometry(13, 2, 4096, 999), r.payload(0).geometry());
            assertEquals(0, r.damagedLocatorCopies());
        }
    }

    @Test
    void twoFlippedBytesFailVerifyAndRepairRestoresTheOriginal() throws Exception {
        Path payload = copy("cross_impl_payload.bin");
        Path sidecar = copy("cross_impl_payload.bin.aerocorrect");
        byte[] original = Files.readAllBytes(payload);
        byte[] damaged = original.clone();
        damaged[123] ^= 0x5A;
        damaged[777] ^= (byte) 0xA5;
        Files.write(payload, damaged);
        StandaloneCorrector ec = new StandaloneCorrector(1);
        StandaloneCorrector.Checked c = ec.verify(payload, sidecar);
        assertEquals(StandaloneCorrector.Status.REPAIRABLE, c.status());
        assertEquals(1, c.report().damagedData());
        StandaloneCorrector.Repaired r = ec.repair(payload, sidecar);
        assertTrue(r.changed());
        assertArrayEquals(original, Files.readAllBytes(payload));
        assertEquals(StandaloneCorrector.Status.CLEAN, ec.verify(payload, sidecar).status());
        assertFalse(ec.repair(payload, sidecar).changed());
    }

    @Test
    void generatingAtLevel15ReproducesTheReferenceSidecarExactly() throws Exception {
        Path payload = copy("cross_impl_payload.bin");
        byte[] expected = Files.readAllBytes(Fixtures.require("cross_impl_payload.bin.aerocorrect"));
        Path out = dir.resolve("ours.aerocorrect");
        StandaloneCorrector.Generated g = new StandaloneCorrector(2).generate(payload, EcLevel.parse("medium"), out);
        assertEquals(8773, g.sidecarSize());
        assertArrayEquals(expected, Files.readAllBytes(out));
    }
}

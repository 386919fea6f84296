package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EcPlacement;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.container.VaultParity;
import org.vaultfs.container.VaultReader;
import org.vaultfs.ecc.AvecGeometry;
import org.vaultfs.ecc.EcGrid;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Corrupt;

/** A real FUSE mount of a damaged v4 vault serves the original bytes from parity and never writes the vault. */
class ParityRepairMountTest {
    static final String PW = "mount repair password";
    static final String BIG = "big.bin";
    static final String NOTE = "note.txt";

    @TempDir
    Path tmp;
    Path vault;
    byte[] big;
    MountedVault m;

    @BeforeEach
    void seal() throws Exception {
        MountedVault.assumeFuse();
        Path src = Files.createDirectories(tmp.resolve("src"));
        big = new byte[3 * 1024 * 1024 + 77];
        new Random(11).nextBytes(big);
        Files.write(src.resolve(BIG), big);
        Files.writeString(src.resolve(NOTE), "still readable");
        vault = tmp.resolve("v.aerovault");
        EditOptions o = EditOptions.defaults().withKdf(CachingKdf.INSTANCE).withThreads(2).withErrorCorrection(20, EcPlacement.BOTH);
        try (VaultEditor ed = VaultEditor.create(vault, PW.getBytes(StandardCharsets.UTF_8), o)) {
            ed.addTree(src, "");
            ed.commit();
        }
    }

    @AfterEach
    void unmount() {
        if (m != null) {
            Path dir = m.dir;
            m.close();
            assertTrue(!MountTable.isMounted(dir), "still mounted after close");
        }
    }

    static VaultReader open(Path v) {
        return VaultReader.open(v, PW.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE);
    }

    @Test
    void damagedBlocksReadBackExactlyThroughTheMount() throws Exception {
        long block;
        try (VaultReader r = open(vault)) {
            ChunkRecord c = r.layout(r.require(BIG)).chunk(1);
            block = c.blockIndex();
            Corrupt.flipBit(vault, r.header().dataOffset() + c.dataOffset() + 8 + 500, 5);
        }
        byte[] damaged = Files.readAllBytes(vault);
        byte[] sidecar = Files.readAllBytes(VaultParity.sidecarFor(vault));
        m = MountedVault.mountRepairing(vault, PW, tmp, 64L << 20);
        assertArrayEquals(big, Files.readAllBytes(m.path(BIG)));
        assertArrayEquals(big, Files.readAllBytes(m.path(BIG)), "a second read (cached) is the same");
        assertEquals("still readable", Files.readString(m.path(NOTE)));
        List<String> lines = m.logText().lines().filter(l -> l.contains(BIG)).toList();
        assertEquals(List.of("vaultfs: \"big.bin\" (block " + block + "): repaired from parity"), lines);
        m.close();
        m = null;
        assertArrayEquals(damaged, Files.readAllBytes(vault), "the mount never writes the vault");
        assertArrayEquals(sidecar, Files.readAllBytes(VaultParity.sidecarFor(vault)));
    }

    @Test
    void damageBeyondTheParityIsStillEio() throws Exception {
        try (VaultReader r = open(vault)) {
            // P+1 = 3 shards of the only group, each inside big.bin (records tile the data section).
            int s = AvecGeometry.forStream(r.header().dataLen(), EcGrid.DEFAULT).shardSize();
            EntryLayout l = r.layout(r.require(BIG));
            long bigEnd = l.chunk(l.chunkCount() - 1).dataOffset() + l.chunk(l.chunkCount() - 1).recordLen();
            assertTrue(l.chunk(0).dataOffset() == 0 && 3L * s < bigEnd, "big.bin covers the first three shards");
            for (int shard = 0; shard < 3; shard++) {
                Corrupt.flipBit(vault, r.header().dataOffset() + (long) shard * s + s / 2, 1);
            }
        }
        byte[] damaged = Files.readAllBytes(vault);
        m = MountedVault.mountRepairing(vault, PW, tmp, 64L << 20);
        assertThrows(IOException.class, () -> Files.readAllBytes(m.path(BIG)));
        assertEquals("still readable", Files.readString(m.path(NOTE)));
        String log = m.logText();
        assertTrue(log.contains("EIO reading \"big.bin\"") && log.contains("block-auth")
                && log.contains("cannot be repaired from parity"), log);
        assertTrue(!log.contains("repaired from parity\n"), log);
        m.close();
        m = null;
        assertArrayEquals(damaged, Files.readAllBytes(vault));
    }
}

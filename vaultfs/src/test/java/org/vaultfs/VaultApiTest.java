package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.ContainerLineage;
import org.vaultfs.container.EcPlacement;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.event.VaultEvent;
import org.vaultfs.source.FileSource;
import org.vaultfs.testing.CachingKdf;

/** The entry point end to end: lineage detection, random access, and events instead of printing. */
class VaultApiTest {
    private static final byte[] PW = "api test password".getBytes(StandardCharsets.UTF_8);
    private static final OpenOptions OPTIONS = OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE);

    @TempDir
    Path tmp;

    private Path seal(byte[] big, EditOptions opts) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/d"));
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("small.txt"), "small file\n");
        Path vault = tmp.resolve("v.aerovault");
        try (VaultEditor ed = Vault.create(vault, PW, opts.withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(tmp.resolve("src"), "");
            ed.commit();
        }
        return vault;
    }

    private static byte[] data(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aChannelReadsAnyRangeOfAFile() throws IOException {
        byte[] big = data(3 << 20, 1);
        Path vault = seal(big, EditOptions.defaults());
        try (Vault v = Vault.open(FileSource.open(vault), PW, OPTIONS);
             SeekableByteChannel ch = v.newByteChannel("./d/big.bin")) {
            assertEquals(ContainerLineage.AEROVAULT3, v.lineage());
            assertEquals(big.length, ch.size());
            Random r = new Random(2);
            for (int i = 0; i < 40; i++) {
                int at = r.nextInt(big.length);
                ByteBuffer b = ByteBuffer.allocate(1 + r.nextInt(200_000));
                ch.position(at);
                int n = ch.read(b);
                assertTrue(n > 0);
                byte[] got = java.util.Arrays.copyOf(b.array(), n);
                assertArrayEquals(java.util.Arrays.copyOfRange(big, at, at + n), got, "at " + at);
                assertEquals(at + n, ch.position());
            }
            ch.position(big.length);
            assertEquals(-1, ch.read(ByteBuffer.allocate(10)), "end of file");
            assertThrows(NonWritableChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
            assertThrows(IllegalArgumentException.class, () -> ch.position(-1));
        }
    }

    @Test
    void directoriesAndMissingPathsAreRefusedByName() throws IOException {
        Path vault = seal(data(100, 3), EditOptions.defaults());
        try (Vault v = Vault.open(vault, PW, OPTIONS)) {
            VaultException dir = assertThrows(VaultException.class, () -> v.newByteChannel("d"));
            assertEquals(Failure.INVALID_ARGUMENT, dir.failure());
            assertTrue(dir.getMessage().contains("directory"), dir.getMessage());
            assertEquals(Failure.NOT_FOUND, assertThrows(VaultException.class, () -> v.newInputStream("d/nope")).failure());
            try (InputStream in = v.newInputStream("d/small.txt")) {
                assertEquals("small file\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aRepairReachesTheListenerAndNothingIsPrinted() throws IOException {
        byte[] big = data(2 << 20, 4);
        Path vault = seal(big, EditOptions.defaults().withErrorCorrection(15, EcPlacement.EMBEDDED));
        ChunkRecord victim;
        long dataOffset;
        try (Vault v = Vault.open(vault, PW, OPTIONS)) {
            victim = v.manifest().chunks().get(v.require("d/big.bin").chunks().get(0));
            dataOffset = v.header().dataOffset();
        }
        try (var ch = java.nio.channels.FileChannel.open(vault, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long at = dataOffset + victim.dataOffset() + 8 + 100;
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, at);
        }
        List<VaultEvent> events = new ArrayList<>();
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (Vault v = Vault.open(vault, PW, OPTIONS.withListener(events::add));
             InputStream in = v.newInputStream("d/big.bin")) {
            assertArrayEquals(big, in.readAllBytes(), "served repaired");
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(1, events.size(), events.toString());
        VaultEvent.BlockRepaired e = (VaultEvent.BlockRepaired) events.get(0);
        assertEquals(victim.id(), e.chunkId());
        assertTrue(e.message().contains("d/big.bin") && e.message().contains("repaired from parity"), e.message());
        assertEquals("", err.toString(StandardCharsets.UTF_8), "the library printed");

        try (Vault v = Vault.open(vault, PW, OPTIONS.withRepairFromParity(false));
             InputStream in = v.newInputStream("d/big.bin")) {
            assertEquals(Failure.BLOCK_AUTH, assertThrows(VaultException.class, in::readAllBytes).failure());
        }
    }

    @Test
    void anAerovault2FileIsDetectedReadAndEditedOnlyAsItsLineageAllowsAndAWrongPasswordIsExitThree() throws IOException {
        Path v2 = Aerovault2FixturesTest.dir().resolve("v2-default.aerovault");
        try (FileSource src = FileSource.open(v2)) {
            assertEquals(ContainerLineage.AEROVAULT2, ContainerLineage.detect(src).orElseThrow());
        }
        assertEquals(3, Vault.probe(v2).legacy().version());
        VaultException wrong = assertThrows(VaultException.class, () -> Vault.open(v2, PW, OPTIONS));
        assertEquals(Failure.WRONG_PASSWORD, wrong.failure());
        try (Vault v = Vault.open(v2, Aerovault2FixturesTest.PW, OPTIONS)) {
            assertEquals(ContainerLineage.AEROVAULT2, v.lineage());
            assertEquals(Failure.UNSUPPORTED_VERSION, assertThrows(VaultException.class, v::manifest).failure());
        }
        EditOptions opts = EditOptions.defaults().withKdf(CachingKdf.INSTANCE);
        Path copy = Files.copy(v2, tmp.resolve("copy.aerovault"));
        try (org.vaultfs.container.TreeEdit ed = Vault.edit(copy, Aerovault2FixturesTest.PW, opts)) {
            assertTrue(ed instanceof org.vaultfs.legacy.V2Editor, "an AEROVAULT2 vault is edited as AEROVAULT2");
        }
        VaultException parity = assertThrows(VaultException.class, () -> Vault.editAerovault3(copy, Aerovault2FixturesTest.PW, opts));
        assertEquals(Failure.UNSUPPORTED_VERSION, parity.failure());
        assertTrue(parity.getMessage().contains("AEROVAULT2"), parity.getMessage());
        assertEquals(Failure.UNSUPPORTED_VERSION, assertThrows(VaultException.class,
                () -> Vault.scrub(copy, Aerovault2FixturesTest.PW, CachingKdf.INSTANCE, 1)).failure());
    }

    @Test
    void aForeignOrShortFileKeepsTheSpecsFailureNames() throws IOException {
        Path junk = Files.write(tmp.resolve("junk"), data(4096, 5));
        assertEquals(Failure.NOT_A_VAULT, assertThrows(VaultException.class, () -> Vault.open(junk, PW, OPTIONS)).failure());
        Path shortOne = Files.write(tmp.resolve("short"), "AEROVAULT3".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Failure.TRUNCATED, assertThrows(VaultException.class, () -> Vault.open(shortOne, PW, OPTIONS)).failure());
        assertFalse(Files.exists(tmp.resolve("v.aerovault")));
    }
}

package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.EditOptions;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.ThreadsEnded;

/**
 * An AEROVAULT2 file of more chunks than the prefix read-ahead starts at (256): opened with the
 * read-ahead running beside the walk, its bytes and layout are what they were; a damaged prefix
 * far into the file is still found by the walk, and the read-ahead's threads end either way.
 */
class Aerovault2PrefixReadAheadTest {
    private static final byte[] PW = "prefix-read-ahead".getBytes(StandardCharsets.UTF_8);
    private static final int CHUNK = 4096;
    private static final int CHUNKS = 600;

    @TempDir
    Path dir;

    private Path seal(byte[] big) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("small.txt"), "a few bytes");
        Path v = dir.resolve("v.aerovault");
        Vault.sealAerovault2(src, v, PW, false, CHUNK, EditOptions.defaults().withKdf(CachingKdf.INSTANCE));
        return v;
    }

    @Test
    void aLongFileOpensAndReadsAsItWasAndADamagedPrefixIsStillFound() throws Exception {
        byte[] big = new byte[CHUNKS * CHUNK + 123];
        new Random(2).nextBytes(big);
        Path v = seal(big);
        OpenOptions open = OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE);
        long secondToLast;
        try (Vault vault = Vault.open(v, PW, open); InputStream in = vault.newInputStream("big.bin")) {
            assertArrayEquals(big, in.readAllBytes());
            assertEquals(CHUNKS + 1, vault.require("big.bin").chunks().size());
            String id = vault.require("big.bin").chunks().get(CHUNKS - 1);
            secondToLast = vault.chunkRecords().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().dataOffset();
        }
        ThreadsEnded.await("vaultfs-v2-prefixes");

        byte[] b = Files.readAllBytes(v);
        long dataStart = 516 + LittleEndian.getUnsignedInt(b, 512);
        int at = (int) (dataStart + secondToLast);
        b[at + 2] ^= 0x10; // the 600th chunk's length prefix, which the read-ahead reads before the walk gets there
        Files.write(v, b);
        VaultException e = assertThrows(VaultException.class, () -> Vault.open(v, PW, open).close());
        assertTrue(e.failure() == Failure.BOUNDS || e.failure() == Failure.TRUNCATED, e.failure() + ": " + e.getMessage());
        ThreadsEnded.await("vaultfs-v2-prefixes");
    }
}

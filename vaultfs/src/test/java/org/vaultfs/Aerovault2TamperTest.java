package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.bytes.LittleEndian;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VerifyReport;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.fs.ExtractOptions;

/** Every tamper class of an AEROVAULT2 vault is refused with its failure, on real changed bytes. */
class Aerovault2TamperTest {
    @TempDir
    Path tmp;

    private Path copy(String fixture, java.util.function.Consumer<byte[]> edit) throws IOException {
        byte[] b = Files.readAllBytes(Aerovault2FixturesTest.dir().resolve(fixture));
        edit.accept(b);
        return Files.write(tmp.resolve("t-" + System.nanoTime() + ".aerovault"), b);
    }

    private static Failure openFailure(Path v) {
        return assertThrows(VaultException.class, () -> Vault.open(v, Aerovault2FixturesTest.PW, Aerovault2FixturesTest.OPTIONS).close())
                .failure();
    }

    /** Absolute positions of the stored chunks (after the length prefix) of {@code path} in {@code fixture}. */
    private static long[] chunkPositions(String fixture, String path) throws IOException {
        Path f = Aerovault2FixturesTest.dir().resolve(fixture);
        byte[] b = Files.readAllBytes(f);
        long dataStart = 516 + LittleEndian.getUnsignedInt(b, 512);
        try (Vault v = Vault.open(f, Aerovault2FixturesTest.PW, Aerovault2FixturesTest.OPTIONS)) {
            Map<String, ChunkRecord> byId = v.chunkRecords().stream().collect(Collectors.toMap(ChunkRecord::id, Function.identity()));
            Entry e = v.require(path);
            return e.chunks().stream().mapToLong(id -> dataStart + byId.get(id).dataOffset() + 4).toArray();
        }
    }

    private static VerifyReport verify(Path v) {
        try (Vault vault = Vault.open(v, Aerovault2FixturesTest.PW, Aerovault2FixturesTest.OPTIONS)) {
            return vault.verify(n -> { });
        }
    }

    @Test
    void headerDamageIsHeaderMacOrReservedBytes() throws IOException {
        assertEquals(Failure.HEADER_MAC, openFailure(copy("v2-default.aerovault", b -> b[124] ^= 1)), "chunk size changed");
        assertEquals(Failure.HEADER_MAC, openFailure(copy("v2-default.aerovault", b -> b[470] ^= 1)), "MAC changed");
        assertEquals(Failure.HEADER_MAC, openFailure(copy("v2-default.aerovault", b -> b[11] ^= 1)), "cascade bit changed");
        assertEquals(Failure.RESERVED_BYTES, openFailure(copy("v2-default.aerovault", b -> b[200] = 1)));
        assertEquals(Failure.UNSUPPORTED_VERSION, openFailure(copy("v2-default.aerovault", b -> b[10] = 4)));
        // Flag bits 1-7 are outside the MAC in the reference too: they change nothing and mean nothing.
        try (Vault v = Vault.open(copy("v2-default.aerovault", b -> b[11] |= 0x02), Aerovault2FixturesTest.PW,
                Aerovault2FixturesTest.OPTIONS)) {
            assertFalse(v.legacy().orElseThrow().cascade());
        }
    }

    @Test
    void aChangedManifestIsManifestAuthAndATruncatedVaultTruncated() throws IOException {
        Path manifest = copy("v2-default.aerovault", b -> b[600] = (byte) (b[600] == 'A' ? 'B' : 'A'));
        assertEquals(Failure.MANIFEST_AUTH, openFailure(manifest));
        Path cut = copy("v2-default.aerovault", b -> { });
        byte[] all = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(all, all.length - 1));
        assertEquals(Failure.TRUNCATED, openFailure(cut));
        Path huge = copy("v2-default.aerovault", b -> LittleEndian.putInt(b, 512, 0x7fffffff));
        assertEquals(Failure.BOUNDS, openFailure(huge));
    }

    @Test
    void aChangedChunkOrCascadeLayerIsBlockAuthNamingTheFile() throws IOException {
        long gcm = chunkPositions("v2-default.aerovault", "readme.txt")[0];
        VerifyReport r = verify(copy("v2-default.aerovault", b -> b[(int) gcm + 20] ^= 1));
        assertEquals(List.of("readme.txt"), r.damagedFiles());
        long outer = chunkPositions("v2-cascade.aerovault", "readme.txt")[0];
        Path cascade = copy("v2-cascade.aerovault", b -> b[(int) outer + 3] ^= 1);
        assertEquals(List.of("readme.txt"), verify(cascade).damagedFiles(), "outer nonce changed");
        try (Vault v = Vault.open(cascade, Aerovault2FixturesTest.PW, Aerovault2FixturesTest.OPTIONS)) {
            VaultException e = assertThrows(VaultException.class, () -> v.extract(tmp.resolve("out"), List.of("readme.txt"),
                    ExtractOptions.defaults()));
            assertEquals(Failure.BLOCK_AUTH, e.failure());
            assertTrue(e.getMessage().contains("ChaCha20-Poly1305"), e.getMessage());
        }
    }

    @Test
    void swappedChunksOfEqualLengthAreBlockAuth() throws IOException {
        long[] at = chunkPositions("v2-16k-chunks.aerovault", "données/résumé.txt");
        assertTrue(at.length > 2);
        int len = 16384 + 28;
        Path swapped = copy("v2-16k-chunks.aerovault", b -> {
            byte[] first = Arrays.copyOfRange(b, (int) at[0], (int) at[0] + len);
            System.arraycopy(b, (int) at[1], b, (int) at[0], len);
            System.arraycopy(first, 0, b, (int) at[1], len);
        });
        VerifyReport r = verify(swapped);
        assertEquals(2, r.damaged().size(), r.toString());
        assertEquals(List.of("données/résumé.txt"), r.damagedFiles());
    }
}

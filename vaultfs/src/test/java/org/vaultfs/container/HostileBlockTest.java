package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vaultfs.container.HostileSupport.PW;
import static org.vaultfs.container.HostileSupport.expectFailure;
import static org.vaultfs.container.HostileSupport.expectFailureWithin;
import static org.vaultfs.container.HostileSupport.openAndReadAll;
import static org.vaultfs.container.HostileSupport.read;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.testing.Corrupt;

/**
 * Damaged, moved, swapped and forged blocks. A damaged block must fail exactly the files
 * that use it (block-auth), leave every other file readable, and be named by VaultVerifier;
 * a forged zstd frame must never be decompressed past its declared length.
 */
class HostileBlockTest {
    @TempDir
    static Path dir;
    static Path vault;
    static Map<String, byte[]> files = new LinkedHashMap<>();
    static ChunkRecord r1;
    static ChunkRecord r2;

    @BeforeAll
    static void buildVictim() {
        Random rnd = new Random(11);
        byte[] a = new byte[300_000];
        byte[] b = new byte[300_000];
        rnd.nextBytes(a);
        rnd.nextBytes(b);
        // Random content is stored raw, so r1 and r2 have blocks of exactly equal length (swappable).
        files.put("r1.bin", a);
        files.put("r2.bin", b);
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 400_000; i++) {
            text.append("line ").append(i).append(" of a compressible file\n");
        }
        files.put("text.txt", text.toString().getBytes(StandardCharsets.UTF_8));
        files.put("docs/small.txt", "small\n".getBytes(StandardCharsets.UTF_8));
        vault = HostileSupport.buildVault(dir.resolve("victim.av3"), files, List.of());
        try (VaultReader r = HostileSupport.open(vault)) {
            r1 = r.chunk(r.require("r1.bin").chunks().get(0));
            r2 = r.chunk(r.require("r2.bin").chunks().get(0));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                assertArrayEquals(f.getValue(), read(r, f.getKey()));
            }
        }
        assertEquals(r1.blockLen(), r2.blockLen());
        assertTrue(r1.storedRaw() && r2.storedRaw());
    }

    /** Absolute file offset of byte {@code k} of a record's block. */
    static long blockByte(ChunkRecord r, long k) {
        return VaultHeader.SIZE + r.dataOffset() + 8 + k;
    }

    /** Asserts exactly {@code bad} fail (with {@code failure}) and every other file still reads byte-equal. */
    static void onlyTheseFail(Path victim, Set<String> bad, Failure failure, String fragment) {
        try (VaultReader r = HostileSupport.open(victim)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                if (bad.contains(f.getKey())) {
                    expectFailure(failure, fragment, () -> read(r, f.getKey()));
                } else {
                    assertArrayEquals(f.getValue(), read(r, f.getKey()), f.getKey());
                }
            }
            VerifyReport rep = VaultVerifier.verify(r, ProgressListener.NONE, 2);
            assertEquals(List.copyOf(new java.util.TreeSet<>(bad)), rep.damagedFiles(), "verify must name exactly the damaged files");
            for (VerifyReport.Damage d : rep.damaged()) {
                // The verifier checks cipher_hash itself and words that as a block-auth finding.
                boolean hashFinding = failure == Failure.BLOCK_AUTH && d.reason().equals("cipher hash mismatch");
                assertTrue(hashFinding || d.reason().startsWith(failure.id() + ":"), "verify reason: " + d.reason());
            }
        }
    }

    @Test
    void flippedBitInABlockFailsOnlyItsFile() {
        Path victim = dir.resolve("flip.av3");
        // nonce, ciphertext start, middle, last ciphertext byte, tag
        for (long k : new long[] {0, 11, 12, 150_000, r1.blockLen() - 17, r1.blockLen() - 1}) {
            Corrupt.copy(vault, victim);
            Corrupt.flipBit(victim, blockByte(r1, k), (int) (k % 8));
            onlyTheseFail(victim, Set.of("r1.bin"), Failure.BLOCK_AUTH, "block " + r1.blockIndex());
        }
    }

    @Test
    void zeroedSectorInsideABlock() {
        Path victim = Corrupt.copy(vault, dir.resolve("sector.av3"));
        Corrupt.zeroSector(victim, blockByte(r2, 150_000));
        onlyTheseFail(victim, Set.of("r2.bin"), Failure.BLOCK_AUTH, "block " + r2.blockIndex());
    }

    @Test
    void damagedLengthPrefixIsBounds() {
        // SPEC §6.5 step 3: the u64 prefix must equal the record's block_len (bounds).
        Path victim = Corrupt.copy(vault, dir.resolve("prefix.av3"));
        Corrupt.flipBit(victim, VaultHeader.SIZE + r1.dataOffset() + 1, 3);
        // The prefix lies outside every MAC and AEAD: a mismatch is damage, like a block failing its hash.
        onlyTheseFail(victim, Set.of("r1.bin"), Failure.BLOCK_AUTH, "length prefix");
    }

    @Test
    void swappedBlocksAreBlockAuth() {
        Path victim = Corrupt.copy(vault, dir.resolve("swap.av3"));
        Corrupt.swap(victim, blockByte(r1, 0), blockByte(r2, 0), (int) r1.blockLen());
        onlyTheseFail(victim, Set.of("r1.bin", "r2.bin"), Failure.BLOCK_AUTH, "block");
    }

    @Test
    void blockMovedUnderAConsistentManifestIsCaughtByTheAad() {
        // The manifest (re-sealed) swaps r1's and r2's records, cipher_hash and all, so they still
        // tile the data section: only the AAD's block index and chunk id can tell each block
        // belongs elsewhere.
        VaultForge f = VaultForge.load(vault, PW).editManifest(m -> {
            m.chunks.put(r1.id(), new ChunkRecord(r1.id(), r1.blockIndex(), r2.dataOffset(), r2.blockLen(), r2.plaintextLen(),
                    r2.compressedLen(), r2.cipherHash(), true));
            m.chunks.put(r2.id(), new ChunkRecord(r2.id(), r2.blockIndex(), r1.dataOffset(), r1.blockLen(), r1.plaintextLen(),
                    r1.compressedLen(), r1.cipherHash(), true));
        });
        Path victim = f.writeTo(dir.resolve("moved.av3"));
        onlyTheseFail(victim, Set.of("r1.bin", "r2.bin"), Failure.BLOCK_AUTH, "failed authentication");
    }

    @Test
    void overlappingRecordsAreMalformed() {
        // 400,000 records into one block would make verify decode it 400,000 times: refused at open.
        VaultForge f = VaultForge.load(vault, PW).editManifest(m -> m.chunks.put(r1.id(), new ChunkRecord(r1.id(),
                r1.blockIndex(), r2.dataOffset(), r2.blockLen(), r2.plaintextLen(), r2.compressedLen(), r2.cipherHash(), true)));
        Path victim = f.writeTo(dir.resolve("overlap.av3"));
        expectFailure(Failure.MALFORMED, "do not tile", () -> HostileSupport.open(victim).close());
    }

    @Test
    void cipherHashMismatchIsReportedByVerifyWhileTheAeadStillAuthenticatesReads() {
        // SPEC §6.5 step 6: readers MAY rely on the AEAD alone; verification MUST check the hash.
        VaultForge f = VaultForge.load(vault, PW).editManifest(m -> m.chunks.put(r1.id(), new ChunkRecord(r1.id(),
                r1.blockIndex(), r1.dataOffset(), r1.blockLen(), r1.plaintextLen(), r1.compressedLen(), "0".repeat(64), r1.storedRaw())));
        Path victim = f.writeTo(dir.resolve("hash.av3"));
        try (VaultReader r = HostileSupport.open(victim)) {
            assertArrayEquals(files.get("r1.bin"), read(r, "r1.bin"), "the block itself is authentic");
            VerifyReport rep = VaultVerifier.verify(r, ProgressListener.NONE, 2);
            assertEquals(List.of("r1.bin"), rep.damagedFiles());
            assertEquals("cipher hash mismatch", rep.damaged().get(0).reason());
        }
    }

    /** Adds a file "forged.bin" whose single chunk is {@code payload}, sealed under the real key and AAD. */
    static Path forgeChunk(String name, byte[] payload, long plaintextLen, boolean raw) {
        VaultForge f = VaultForge.load(vault, PW);
        Manifest.Builder m = f.manifest();
        String id = "b0".repeat(16);
        long index = m.nextBlockIndex();
        byte[] block = f.sealBlock(index, id, payload);
        long off = f.appendRecord(block);
        m.chunks.put(id, new ChunkRecord(id, index, off, block.length, plaintextLen, payload.length,
                VaultForge.cipherHash(block), raw));
        m.entries.add(new Entry("forged.bin", plaintextLen, m.modified, false, List.of(id), null));
        m.sortEntries();
        return f.manifest(m).writeTo(dir.resolve(name));
    }

    static byte[] streamingFrame(byte[] content) throws Exception {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(bos, 1)) {
            z.write(content);
        }
        return bos.toByteArray();
    }

    @Test
    void decompressionBombsAreRefusedWithoutInflating() throws Exception {
        HostileSupport.open(vault).close(); // warm the KDF memo
        byte[] zeros = new byte[256 << 20];
        // One frame declaring its 256 MiB content size, one streaming frame that does not declare it.
        byte[] declared = Zstd.compress(zeros, 1);
        byte[] streaming = streamingFrame(zeros);
        zeros = null;
        assertTrue(declared.length < 64 << 10 && streaming.length < 64 << 10, "the bomb must be small on disk");
        for (byte[] frame : List.of(declared, streaming)) {
            Path victim = forgeChunk("bomb.av3", frame, 4096, false);
            try (VaultReader r = HostileSupport.open(victim)) {
                expectFailureWithin(16L << 20, Failure.DECOMPRESSION_BOMB, "4096", () -> read(r, "forged.bin"));
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    assertArrayEquals(f.getValue(), read(r, f.getKey()));
                }
                VerifyReport rep = VaultVerifier.verify(r, ProgressListener.NONE, 2);
                assertEquals(List.of("forged.bin"), rep.damagedFiles());
                assertTrue(rep.damaged().get(0).reason().startsWith("decompression-bomb"), rep.damaged().get(0).reason());
            }
        }
        // One exact frame followed by a second one: the output still exceeds plaintext_len.
        byte[] exact = streamingFrame(new byte[4096]);
        byte[] two = new byte[exact.length * 2];
        System.arraycopy(exact, 0, two, 0, exact.length);
        System.arraycopy(exact, 0, two, exact.length, exact.length);
        Path twoFrames = forgeChunk("two-frames.av3", two, 4096, false);
        expectFailure(Failure.DECOMPRESSION_BOMB, "4096", () -> openAndReadAll(twoFrames));
        // The control: the exact frame alone is a valid chunk, so the refusals above are about size.
        Path control = forgeChunk("exact.av3", exact, 4096, false);
        try (VaultReader r = HostileSupport.open(control)) {
            assertArrayEquals(new byte[4096], read(r, "forged.bin"));
        }
    }

    @Test
    void shortOrInvalidZstdIsMalformed() throws Exception {
        Path shortFrame = forgeChunk("short.av3", streamingFrame(new byte[100]), 4096, false);
        expectFailure(Failure.MALFORMED, "decoded to 100", () -> openAndReadAll(shortFrame));
        byte[] junk = new byte[500];
        new Random(5).nextBytes(junk);
        Path invalid = forgeChunk("junk.av3", junk, 4096, false);
        expectFailure(Failure.MALFORMED, "zstd", () -> openAndReadAll(invalid));
        Path empty = forgeChunk("empty-payload.av3", new byte[0], 4096, false);
        expectFailure(Failure.MALFORMED, "zstd", () -> openAndReadAll(empty));
    }

    @Test
    void untouchedVaultVerifiesClean() {
        try (VaultReader r = HostileSupport.open(vault)) {
            VerifyReport rep = VaultVerifier.verify(r, ProgressListener.NONE, 2);
            assertTrue(rep.clean(), rep.damaged().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
    }
}

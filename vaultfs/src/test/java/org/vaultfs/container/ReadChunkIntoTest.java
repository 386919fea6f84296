package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.Corrupt;

/**
 * The pooled decode a mount uses hands over exactly the bytes of the allocating decode, for
 * every kind of chunk, and hands over nothing from a block that fails to authenticate.
 */
class ReadChunkIntoTest {
    static final byte[] PW = "chunk-into-password".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    static Path vault;

    @BeforeAll
    static void seal() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        SplittableRandom rnd = new SplittableRandom(5);
        byte[] big = new byte[5 << 20];
        rnd.nextBytes(big); // raw chunks with checkpoints
        Files.write(src.resolve("big.bin"), big);
        byte[] tiny = new byte[3000];
        rnd.nextBytes(tiny); // raw, too small for checkpoints
        Files.write(src.resolve("tiny.bin"), tiny);
        Files.writeString(src.resolve("text.txt"), "compressible line of text\n".repeat(200_000)); // zstd chunks
        vault = dir.resolve("v.aerovault");
        try (VaultEditor ed = VaultEditor.create(vault, PW, EditOptions.defaults().withKdf(CachingKdf.INSTANCE))) {
            ed.addTree(src, "");
            ed.commit();
        }
    }

    @Test
    void everyKindOfChunkDecodesToTheSameBytesAsTheAllocatingPath() {
        try (VaultReader r = VaultReader.open(vault, PW, CachingKdf.INSTANCE)) {
            Map<String, ChunkRecord> chunks = new LinkedHashMap<>();
            for (Entry e : r.entries()) {
                EntryLayout l = r.layout(e);
                for (int i = 0; i < l.chunkCount(); i++) {
                    chunks.put(l.chunk(i).id(), l.chunk(i));
                }
            }
            int raw = 0;
            int compressed = 0;
            int withCheckpoints = 0;
            for (ChunkRecord c : chunks.values()) {
                DecodedChunk expected = r.readChunkWithCheckpoints(c);
                byte[][] got = new byte[1][];
                ChunkCheckpoints cp = r.readChunkInto(c, (buf, off, len) -> got[0] = Arrays.copyOfRange(buf, off, off + len));
                assertArrayEquals(expected.plaintext(), got[0], "chunk " + c.blockIndex());
                assertEquals(expected.checkpoints() != null, cp != null, "checkpoints of chunk " + c.blockIndex());
                raw += c.storedRaw() ? 1 : 0;
                compressed += c.storedRaw() ? 0 : 1;
                withCheckpoints += cp != null ? 1 : 0;
            }
            assertTrue(raw > withCheckpoints && withCheckpoints > 0 && compressed > 0,
                    "raw " + raw + ", with checkpoints " + withCheckpoints + ", compressed " + compressed);
        }
    }

    @Test
    void aDamagedBlockHandsOverNothing() {
        Path damaged = Corrupt.copy(vault, dir.resolve("damaged.aerovault"));
        try (VaultReader r = VaultReader.open(damaged, PW, CachingKdf.INSTANCE)) {
            for (Entry e : r.entries()) {
                ChunkRecord c = r.layout(e).chunk(0);
                Corrupt.flipBit(damaged, r.header().dataOffset() + c.dataOffset() + 8 + c.blockLen() / 2, 3);
                boolean[] called = {false};
                VaultException ex = assertThrows(VaultException.class, () -> r.readChunkInto(c, (b, o, n) -> called[0] = true));
                assertEquals(Failure.BLOCK_AUTH, ex.failure(), e.path());
                assertFalse(called[0], "plaintext of a forged block reached the consumer: " + e.path());
            }
        }
    }

    @Test
    void aTruncatedBlockIsNamed() throws Exception {
        Path cut = Corrupt.copy(vault, dir.resolve("cut.aerovault"));
        try (VaultReader r = VaultReader.open(cut, PW, CachingKdf.INSTANCE)) {
            ChunkRecord last = null;
            for (Entry e : r.entries()) {
                EntryLayout l = r.layout(e);
                for (int i = 0; i < l.chunkCount(); i++) {
                    if (last == null || l.chunk(i).dataOffset() > last.dataOffset()) {
                        last = l.chunk(i);
                    }
                }
            }
            Corrupt.truncate(cut, r.header().dataOffset() + last.dataOffset() + 8 + 100);
            ChunkRecord c = last;
            VaultException ex = assertThrows(VaultException.class, () -> r.readChunkInto(c, (b, o, n) -> { }));
            assertEquals(Failure.TRUNCATED, ex.failure());
            assertTrue(ex.getMessage().contains("block " + c.blockIndex()), ex.getMessage());
        }
    }
}

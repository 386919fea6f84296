package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaultfs.container.ChunkRecord;
import org.vaultfs.container.EntryLayout;
import org.vaultfs.container.VaultReader;
import org.vaultfs.testing.CachingKdf;

/** One corrupted block fails only the reads that need it, with one log line naming it. */
class DamageIsolationTest extends GeneratedTreeMountBase {

    /** Flips bytes inside the stored block (past its length prefix) of the given chunk. */
    static long corrupt(Path vault, VaultReader r, ChunkRecord c) throws IOException {
        long pos = r.header().dataOffset() + c.dataOffset() + 8 + 20;
        try (RandomAccessFile f = new RandomAccessFile(vault.toFile(), "rw")) {
            f.seek(pos);
            int b = f.read();
            f.seek(pos);
            f.write(b ^ 0x5A);
        }
        return c.blockIndex();
    }

    @Test
    void damagedBlockOfLargeFileFailsOnlyThatBlock() throws Exception {
        Path copy = Files.copy(tree.vault, tmp.resolve("damaged.av3"));
        long chunkStart;
        long chunkEnd;
        long block;
        try (VaultReader r = VaultReader.open(copy, GeneratedTree.PASSWORD.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE)) {
            EntryLayout l = r.layout(r.require(GeneratedTree.BIG));
            int victim = l.chunkCount() / 2;
            assertTrue(victim >= 1 && victim + 1 < l.chunkCount(), "need a middle chunk: " + l.chunkCount());
            chunkStart = l.chunkStartInFile(victim);
            chunkEnd = l.chunkStartInFile(victim + 1);
            block = corrupt(copy, r, l.chunk(victim));
        }
        m = MountedVault.mount(copy, GeneratedTree.PASSWORD, tmp, 64L << 20);
        byte[] src = Files.readAllBytes(tree.source.resolve(GeneratedTree.BIG));
        Path big = m.path(GeneratedTree.BIG);
        assertThrows(IOException.class, () -> Files.readAllBytes(big));
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "r")) {
            f.seek(chunkStart + 10);
            assertThrows(IOException.class, () -> f.read(new byte[100]));
            // Ranges well clear of the damaged chunk (and of the kernel's 128 KiB read-ahead) still read.
            GeneratedTreeMountTest.checkRange(f, src, 0, 4096);
            GeneratedTreeMountTest.checkRange(f, src, chunkEnd + 200_000, 4096);
        }
        for (String rel : List.of("small/d00/f000.bin", "ünïcødé-名前 ✓.txt", "日本語/ファイル.txt")) {
            assertArrayEquals(Files.readAllBytes(tree.source.resolve(rel)), Files.readAllBytes(m.path(rel)), rel);
        }
        List<String> lines = m.logText().lines().filter(l -> l.contains(GeneratedTree.BIG)).toList();
        assertEquals(1, lines.size(), "one log line for the damaged block: " + lines);
        assertTrue(lines.get(0).contains("block " + block) && lines.get(0).contains("block-auth"), lines.get(0));
    }

    @Test
    void damagedPackFailsItsFilesAndNoOthers() throws Exception {
        Path copy = Files.copy(tree.vault, tmp.resolve("damaged-pack.av3"));
        String victim = "small/d05/f010.bin";
        String packId;
        try (VaultReader r = VaultReader.open(copy, GeneratedTree.PASSWORD.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE)) {
            EntryLayout l = r.layout(r.require(victim));
            packId = l.chunk(0).id();
            corrupt(copy, r, l.chunk(0));
        }
        m = MountedVault.mount(copy, GeneratedTree.PASSWORD, tmp, 64L << 20);
        int failed = 0;
        int ok = 0;
        try (VaultReader r = VaultReader.open(copy, GeneratedTree.PASSWORD.getBytes(StandardCharsets.UTF_8), CachingKdf.INSTANCE)) {
            for (String rel : tree.relativePaths()) {
                if (Files.isDirectory(tree.source.resolve(rel)) || Files.size(tree.source.resolve(rel)) == 0) {
                    continue;
                }
                EntryLayout l = r.layout(r.require(rel));
                boolean inDamaged = false;
                for (int i = 0; i < l.chunkCount(); i++) {
                    inDamaged |= l.chunk(i).id().equals(packId);
                }
                if (inDamaged) {
                    assertThrows(IOException.class, () -> Files.readAllBytes(m.path(rel)), rel);
                    failed++;
                } else {
                    assertArrayEquals(Files.readAllBytes(tree.source.resolve(rel)), Files.readAllBytes(m.path(rel)), rel);
                    ok++;
                }
            }
        }
        assertTrue(failed >= 1 && ok > failed, "failed " + failed + ", ok " + ok);
        assertTrue(m.logText().contains(victim), m.logText());
    }
}

package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Records read from the device arrive as a buffered read gives them: any offset and length,
 * records larger than one stage, and files that end inside the prefix or the block; a verify
 * that reads them so still finds a damaged block (HostileBlockTest covers the other damage).
 */
class DeviceReadsTest {
    @TempDir
    Path tmp;

    private static byte[] record(long prefix, byte[] block) {
        byte[] r = new byte[8 + block.length];
        for (int i = 0; i < 8; i++) {
            r[i] = (byte) (prefix >>> 8 * i);
        }
        System.arraycopy(block, 0, r, 8, block.length);
        return r;
    }

    @Test
    void anyOffsetAndLengthReadsAsTheFileHoldsIt() throws Exception {
        Random r = new Random(21);
        int stage = DeviceReads.STAGE;
        int[] offsets = {0, 1, 4088, 4095, 4096, 8191, 123_457};
        int[] lengths = {0, 1, 4087, 4088, 4096, 65_536, stage - 8, stage, stage + 1, 2 * stage + 4093};
        for (int off : offsets) {
            for (int len : lengths) {
                byte[] block = new byte[len];
                r.nextBytes(block);
                long prefix = r.nextLong();
                byte[] head = new byte[off];
                r.nextBytes(head);
                byte[] tail = new byte[r.nextInt(9000)];
                r.nextBytes(tail);
                Path f = tmp.resolve("f-" + off + "-" + len);
                byte[] rec = record(prefix, block);
                byte[] all = new byte[off + rec.length + tail.length];
                System.arraycopy(head, 0, all, 0, off);
                System.arraycopy(rec, 0, all, off, rec.length);
                System.arraycopy(tail, 0, all, off + rec.length, tail.length);
                Files.write(f, all);
                DeviceReads d = DeviceReads.open(f);
                assertNotNull(d, "this test's filesystem takes O_DIRECT");
                try {
                    byte[] dst = new byte[len];
                    DeviceReads.Found found = d.readRecord(off, dst, len);
                    assertEquals(8 + len, found.bytes(), off + "/" + len);
                    assertEquals(prefix, found.prefix(), off + "/" + len);
                    assertArrayEquals(block, dst, off + "/" + len);
                } finally {
                    d.close();
                }
            }
        }
    }

    @Test
    void aFileEndingInsideTheRecordSaysHowMuchItHeld() throws Exception {
        Random r = new Random(22);
        byte[] block = new byte[3 * DeviceReads.STAGE / 2];
        r.nextBytes(block);
        byte[] rec = record(0x0102030405060708L, block);
        for (int keep : new int[] {0, 3, 7, 8, 9, 4096 - 100, 4096, DeviceReads.STAGE - 100, DeviceReads.STAGE + 5, rec.length - 1}) {
            Path f = tmp.resolve("t" + keep);
            byte[] all = new byte[100 + keep];
            System.arraycopy(rec, 0, all, 100, keep);
            Files.write(f, all);
            DeviceReads d = DeviceReads.open(f);
            assertNotNull(d);
            try {
                byte[] dst = new byte[block.length];
                DeviceReads.Found found = d.readRecord(100, dst, block.length);
                assertEquals(keep, found.bytes(), "kept " + keep);
                assertEquals(keep >= 8 ? 0x0102030405060708L : 0, found.prefix(), "kept " + keep);
                int got = Math.max(0, keep - 8);
                assertArrayEquals(Arrays.copyOf(block, got), Arrays.copyOf(dst, got), "kept " + keep);
            } finally {
                d.close();
            }
        }
    }

    @Test
    void aDeviceReadThatFailsIsReadTheOrdinaryWayAndFindsNoFalseDamage() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("random.bin"), VaultEditorTest.random(32, 3 << 20));
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(v, VaultEditorTest.PW, VaultEditorTest.OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(v, VaultEditorTest.PW, CachingKdf.INSTANCE)) {
            java.nio.channels.FileChannel refusing = java.nio.channels.FileChannel.open(v);
            refusing.close(); // every read from it fails
            r.file().readRecordsThrough(DeviceReads.over(refusing, 4096));
            ChunkRecord c = r.manifest().chunks().values().iterator().next();
            byte[] dst = new byte[(int) c.blockLen()];
            assertEquals(null, r.file().readRecord(r.header().dataOffset() + c.dataOffset(), dst, dst.length),
                    "a failed device read hands the read back");
            assertEquals(null, r.file().readRecord(r.header().dataOffset() + c.dataOffset(), dst, dst.length),
                    "and the device is not asked again");
            r.file().readRecordsThrough(DeviceReads.over(refusing, 4096));
            assertArrayEquals(Files.readAllBytes(src.resolve("random.bin")), VaultEditorTest.read(r, "random.bin"));
        }
    }

    @Test
    void verifyReadingTheDeviceStillFindsADamagedBlock() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("random.bin"), VaultEditorTest.random(31, 3 << 20));
        Files.write(src.resolve("text.log"), VaultEditorTest.text(2 << 20));
        Path v = tmp.resolve("v.av3");
        try (VaultEditor ed = VaultEditor.create(v, VaultEditorTest.PW, VaultEditorTest.OPTS)) {
            ed.addTree(src, "");
            ed.commit();
        }
        try (VaultReader r = VaultReader.open(v, VaultEditorTest.PW, CachingKdf.INSTANCE)) {
            assertTrue(r.readBlocksFromDevice(true), "this test's filesystem takes O_DIRECT");
            r.readBlocksFromDevice(false);
            assertTrue(VaultVerifier.verify(r, ProgressListener.NONE).clean());
            ChunkRecord first = r.manifest().chunks().values().stream().min(java.util.Comparator.comparingLong(ChunkRecord::dataOffset)).orElseThrow();
            long firstBlock = r.header().dataOffset() + first.dataOffset() + 8;
            byte[] bytes = Files.readAllBytes(v);
            bytes[(int) firstBlock + 100] ^= 1;
            Path damaged = tmp.resolve("damaged.av3");
            Files.write(damaged, bytes);
            try (VaultReader d = VaultReader.open(damaged, VaultEditorTest.PW, CachingKdf.INSTANCE)) {
                VerifyReport report = VaultVerifier.verify(d, ProgressListener.NONE);
                assertEquals(1, report.damaged().size(), report.damaged().toString());
                assertEquals(first.id(), report.damaged().get(0).chunkId());
            }
        }
    }
}

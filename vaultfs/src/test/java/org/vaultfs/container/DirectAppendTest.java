package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.VaultException;

/**
 * Appends through O_DIRECT arrive byte for byte whatever their sizes and wherever they start:
 * the bytes before an unaligned start are kept, what follows the padded last block is
 * overwritten by the next ordinary write, and the file is written by the device path only.
 */
class DirectAppendTest {
    private static final int O_DIRECT = 040000; // x86-64 and arm64 Linux

    @TempDir
    Path tmp;

    /** Writes {@code before}, then appends {@code appended} from its end in uneven pieces, then {@code after} buffered. */
    private byte[] roundTrip(String name, byte[] before, byte[] appended, byte[] after, Random r) throws Exception {
        Path f = tmp.resolve(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(before), 0);
            DirectAppend a = DirectAppend.open(f, ch, before.length);
            assertNotNull(a, "this test's filesystem takes O_DIRECT");
            try {
                for (int pos = 0; pos < appended.length; ) {
                    int n = Math.min(appended.length - pos, r.nextInt(3) == 0 ? 1 + r.nextInt(9000) : 1 + r.nextInt(DirectAppend.BUFFER));
                    a.write(ByteBuffer.wrap(appended, pos, n), before.length + pos);
                    pos += n;
                }
                a.finish();
            } finally {
                a.close();
            }
            ch.write(ByteBuffer.wrap(after), before.length + appended.length);
            ch.truncate(before.length + appended.length + after.length);
        }
        return Files.readAllBytes(f);
    }

    @Test
    void everyStartAndLengthArrivesWhole() throws Exception {
        Random r = new Random(5);
        int buffer = DirectAppend.BUFFER;
        int[] starts = {0, 1, 1024, 4095, 4096, 4097, 70_000};
        int[] lengths = {0, 1, 4095, 4096, 4097, buffer - 1, buffer, buffer + 1, 3 * buffer + 12_345};
        for (int start : starts) {
            for (int length : lengths) {
                byte[] before = new byte[start];
                byte[] appended = new byte[length];
                byte[] after = new byte[1 + r.nextInt(5000)];
                r.nextBytes(before);
                r.nextBytes(appended);
                r.nextBytes(after);
                byte[] got = roundTrip("f-" + start + "-" + length, before, appended, after, r);
                byte[] want = new byte[start + length + after.length];
                System.arraycopy(before, 0, want, 0, start);
                System.arraycopy(appended, 0, want, start, length);
                System.arraycopy(after, 0, want, start + length, after.length);
                assertEquals(want.length, got.length, start + "+" + length);
                assertTrue(Arrays.equals(want, got), "start " + start + ", length " + length);
            }
        }
    }

    @Test
    void aDirectWriteRefusedGoesThroughTheOrdinaryChannel() throws Exception {
        Path f = tmp.resolve("refused");
        byte[] appended = new byte[2 * DirectAppend.BUFFER + 777];
        new Random(8).nextBytes(appended);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            FileChannel refusing = FileChannel.open(f, StandardOpenOption.WRITE);
            refusing.close(); // every write to it fails
            DirectAppend a = DirectAppend.over(f, refusing, 4096, 3, ch);
            try {
                for (int pos = 0; pos < appended.length; pos += 100_000) {
                    int n = Math.min(100_000, appended.length - pos);
                    a.write(ByteBuffer.wrap(appended, pos, n), 3 + pos);
                }
                a.finish();
            } finally {
                a.close();
            }
            ch.truncate(3 + appended.length);
        }
        byte[] got = Files.readAllBytes(f);
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(got, 3));
        assertArrayEquals(appended, Arrays.copyOfRange(got, 3, got.length));
    }

    @Test
    void appendsOnlyInOrder() throws Exception {
        Path f = tmp.resolve("order");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            DirectAppend a = DirectAppend.open(f, ch, 100);
            assertNotNull(a);
            try {
                a.write(ByteBuffer.wrap(new byte[10]), 100);
                assertThrows(IllegalStateException.class, () -> a.write(ByteBuffer.wrap(new byte[10]), 100));
                a.finish();
                assertThrows(IllegalStateException.class, () -> a.write(ByteBuffer.wrap(new byte[1]), 110));
            } finally {
                a.close();
            }
        }
    }

    /** A tree of one random file of {@code size} bytes (and a small one), sealed with {@code opts}; returns the open flags its temp file had. */
    private int sealWatchingFlags(int size, EditOptions opts) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        byte[] big = new byte[size];
        new Random(size).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("small.txt"), "small\n".repeat(1000));
        int[] flags = {0};
        ProgressListener watch = n -> flags[0] |= flagsUnder(tmp);
        try (VaultEditor ed = VaultEditor.create(tmp.resolve("v.av3"), VaultEditorTest.PW, opts.withProgress(watch))) {
            ed.addTree(src, "");
            ed.commit();
        }
        return flags[0];
    }

    @Test
    void aSealIsWrittenThroughTheDevicePathAndReadsBack() throws Exception {
        Path src = tmp.resolve("src");
        Path v = tmp.resolve("v.av3");
        int flags = sealWatchingFlags(9 << 20, VaultEditorTest.OPTS);
        assertTrue((flags & O_DIRECT) != 0, "no descriptor of the temp file had O_DIRECT: " + Integer.toOctalString(flags));
        try (VaultReader r = VaultReader.open(v, VaultEditorTest.PW, org.vaultfs.testing.CachingKdf.INSTANCE)) {
            VaultEditorTest.assertTreeEquals(src, r, "");
            assertTrue(VaultVerifier.verify(r, ProgressListener.NONE).clean());
        }
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("src", "v.av3"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void parityComputedOverTheNewFileKeepsThePageCache() throws Exception {
        Path src = tmp.resolve("src");
        Path v = tmp.resolve("v.av3");
        int flags = sealWatchingFlags(5 << 20, VaultEditorTest.OPTS.withErrorCorrection(5, EcPlacement.EMBEDDED));
        assertEquals(0, flags & O_DIRECT, Integer.toOctalString(flags));
        try (VaultReader r = VaultReader.open(v, VaultEditorTest.PW, org.vaultfs.testing.CachingKdf.INSTANCE)) {
            VaultEditorTest.assertTreeEquals(src, r, "");
        }
    }

    /** The open flags of descriptors on regular files under {@code dir}, OR-ed together; 0 when there are none. */
    private static int flagsUnder(Path dir) {
        int all = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path to = Files.readSymbolicLink(fd);
                    if (to.startsWith(dir) && Files.isRegularFile(to)) {
                        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                            if (line.startsWith("flags:")) {
                                all |= Integer.parseInt(line.substring(6).trim(), 8);
                            }
                        }
                    }
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }
}

package org.vaultfs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.testing.Fixtures;

/** Mounts the reference golden vault for real and reads it through the kernel. */
class GoldenMountTest {
    static final long MTIME = Instant.parse("2026-06-17T00:00:00Z").getEpochSecond();

    @TempDir
    Path tmp;
    MountedVault m;

    @AfterEach
    void unmount() {
        if (m != null) {
            Path dir = m.dir;
            m.close();
            assertFalse(MountTable.isMounted(dir), "still mounted after close");
        }
    }

    MountedVault mountGolden() throws Exception {
        Path golden = Fixtures.require("aerovault3_golden.av3");
        m = MountedVault.mount(golden, Fixtures.GOLDEN_PASSWORD, tmp, 1 << 20);
        return m;
    }

    @Test
    void filesReadByteForByte() throws Exception {
        mountGolden();
        assertTrue(MountTable.isMounted(m.dir));
        assertEquals("fuse.vaultfs", MountTable.typeAt(m.dir));
        assertArrayEquals("AeroVault v3 cross-impl fixture\n".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(m.path("readme.txt")));
        byte[] small = new byte[1000];
        Arrays.fill(small, (byte) 0xA5);
        assertArrayEquals(small, Files.readAllBytes(m.path("data/small.bin")));
        assertArrayEquals(Fixtures.goldenBig(), Files.readAllBytes(m.path("data/big.bin")));
    }

    @Test
    void listingsSizesTimesAndModes() throws Exception {
        mountGolden();
        assertEquals(List.of("data", "emptydir", "readme.txt"), list(m.dir));
        assertEquals(List.of("big.bin", "small.bin"), list(m.path("data")));
        assertEquals(List.of(), list(m.path("emptydir")));
        assertEquals(300_000L, Files.size(m.path("data/big.bin")));
        assertEquals(1000L, Files.size(m.path("data/small.bin")));
        assertEquals(32L, Files.size(m.path("readme.txt")));
        for (String p : List.of("readme.txt", "data/big.bin", "data", "emptydir")) {
            assertEquals(FileTime.from(Instant.ofEpochSecond(MTIME)), Files.getLastModifiedTime(m.path(p)), p);
        }
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(m.path("readme.txt"))));
        assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(m.path("data"))));
        assertEquals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"), Files.getAttribute(m.path("readme.txt"), "unix:uid"));
        assertTrue(Files.isDirectory(m.path("emptydir")));
        assertFalse(Files.exists(m.path("nope")));
    }

    @Test
    void ioctlStyleSeeksAndPastEof() throws Exception {
        mountGolden();
        byte[] big = Fixtures.goldenBig();
        try (RandomAccessFile f = new RandomAccessFile(m.path("data/big.bin").toFile(), "r")) {
            byte[] buf = new byte[5000];
            f.seek(299_000);
            assertEquals(1000, f.read(buf));
            assertArrayEquals(Arrays.copyOfRange(big, 299_000, 300_000), Arrays.copyOf(buf, 1000));
            f.seek(300_000);
            assertEquals(-1, f.read(buf));
            f.seek(400_000);
            assertEquals(-1, f.read(buf));
        }
    }

    @Test
    void everyWriteIsRefused() throws Exception {
        mountGolden();
        Path readme = m.path("readme.txt");
        assertReadOnly(() -> Files.write(readme, new byte[1], StandardOpenOption.WRITE));
        assertReadOnly(() -> Files.write(readme, new byte[1], StandardOpenOption.APPEND));
        assertReadOnly(() -> Files.createFile(m.path("new.txt")));
        assertReadOnly(() -> Files.createDirectory(m.path("newdir")));
        assertReadOnly(() -> Files.delete(readme));
        assertReadOnly(() -> Files.delete(m.path("emptydir")));
        assertReadOnly(() -> Files.move(readme, m.path("moved.txt")));
        assertReadOnly(() -> Files.setLastModifiedTime(readme, FileTime.fromMillis(0)));
        assertReadOnly(() -> Files.setPosixFilePermissions(readme, PosixFilePermissions.fromString("rw-------")));
        assertReadOnly(() -> Files.createSymbolicLink(m.path("link"), readme));
        assertReadOnly(() -> Files.createLink(m.path("hard"), readme));
        assertArrayEquals("AeroVault v3 cross-impl fixture\n".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(readme));
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void assertReadOnly(IoAction a) {
        FileSystemException e = assertThrows(FileSystemException.class, a::run);
        // EROFS from the ro mount or our callbacks; root bypasses modes, so AccessDenied is only for non-root.
        assertTrue(e.getMessage().contains("Read-only file system") || e instanceof AccessDeniedException, e.toString());
    }

    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

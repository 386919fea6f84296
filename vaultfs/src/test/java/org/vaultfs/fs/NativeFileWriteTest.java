package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native create-write-stamp-close of a small extracted file, against what the JDK sees of the result. */
class NativeFileWriteTest {
    @TempDir
    Path dir;
    int fd = -1;

    @BeforeEach
    void open() {
        assumeTrue(NativeFileWrite.available(), "the native library is not loaded here");
        fd = DirectoryFds.openDirectory(-100 /* AT_FDCWD */, dir.toString());
        assertTrue(fd >= 0, "cannot open the test directory: " + fd);
    }

    @AfterEach
    void close() {
        if (fd >= 0) {
            DirectoryFds.close(fd);
        }
    }

    @Test
    void createsTheFileWithItsBytesModeAndModificationTime() throws IOException {
        byte[] content = new byte[NativeFileWrite.MAX_BYTES];
        new Random(3).nextBytes(content);
        for (int len : new int[] {0, 1, 4096, 100_001, NativeFileWrite.MAX_BYTES}) {
            String name = "f" + len;
            assertEquals(0, NativeFileWrite.create(fd, name, 0640, content, len, 1_600_000_123L, 456_789_012));
            Path p = dir.resolve(name);
            assertArrayEquals(java.util.Arrays.copyOf(content, len), Files.readAllBytes(p));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            assertEquals(FileTime.from(Instant.ofEpochSecond(1_600_000_123L, 456_789_012)), Files.getLastModifiedTime(p));
        }
    }

    @Test
    void noTimeLeavesTheCreationTime() throws IOException {
        long before = System.currentTimeMillis() - 5_000;
        assertEquals(0, NativeFileWrite.create(fd, "now", 0600, "x".getBytes(StandardCharsets.UTF_8), 1, -1, 0));
        assertTrue(Files.getLastModifiedTime(dir.resolve("now")).toMillis() >= before);
    }

    @Test
    void anExistingNameOrLinkIsNeverWrittenThrough() throws IOException {
        Path existing = Files.writeString(dir.resolve("taken"), "keep\n");
        Path target = Files.writeString(dir.resolve("target"), "keep too\n");
        Files.createSymbolicLink(dir.resolve("link"), target);
        byte[] bytes = "overwritten?\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(-DirectoryFds.EEXIST, NativeFileWrite.create(fd, "taken", 0600, bytes, bytes.length, -1, 0));
        assertEquals(-DirectoryFds.EEXIST, NativeFileWrite.create(fd, "link", 0600, bytes, bytes.length, -1, 0));
        assertEquals("keep\n", Files.readString(existing));
        assertEquals("keep too\n", Files.readString(target));
        assertTrue(Files.isSymbolicLink(dir.resolve("link")));
    }

    @Test
    void aFailureAfterTheCreateRemovesTheFile() throws IOException {
        byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
        // A modification time the kernel refuses (nanoseconds out of range): the file is made, then removed.
        int rc = NativeFileWrite.create(fd, "bad-time", 0600, bytes, 1, 1_600_000_000L, 2_000_000_000);
        assertTrue(rc < 0 && (-rc & NativeFileWrite.AFTER_CREATE) != 0, "rc " + rc);
        assertEquals(22 /* EINVAL */, -rc & ~NativeFileWrite.AFTER_CREATE);
        assertFalse(Files.exists(dir.resolve("bad-time"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aNameWithASlashIsRefused() {
        byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
        assertEquals(-22, NativeFileWrite.create(fd, "a/b", 0600, bytes, 1, -1, 0));
    }
}

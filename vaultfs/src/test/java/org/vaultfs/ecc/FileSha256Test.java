package org.vaultfs.ecc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overlapped reader/hasher gives exactly the one-pass SHA-256, across buffer boundaries and for empty files. */
class FileSha256Test {
    @TempDir
    Path dir;

    @Test
    void matchesMessageDigestAcrossBufferBoundaries() throws Exception {
        for (int len : new int[] {0, 1, (4 << 20) - 1, 4 << 20, (9 << 20) + 5, 13 << 20}) {
            byte[] data = AvecCodecTest.random(len, len);
            Path f = dir.resolve("f" + len);
            Files.write(f, data);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), FileSha256.of(ch), "length " + len);
            }
        }
    }
}

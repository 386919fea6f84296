package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import org.vaultfs.packing.SmallFilePack;

class SmallFileReadAheadTest {
    @TempDir
    Path dir;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    private final SmallFileReadAhead.Reader reader = new SmallFileReadAhead.Reader() {
        @Override
        public BasicFileAttributes attributes(int index, Path p) {
            try {
                return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw new VaultException(Failure.NOT_FOUND, "no such file: " + p);
            }
        }

        @Override
        public int read(Path p, byte[] buffer) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try (InputStream in = Files.newInputStream(p)) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                return n == buffer.length ? -1 : n;
            } catch (IOException e) {
                throw new VaultException(Failure.IO, "cannot read " + p);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    };

    @Test
    void givesEveryFileInOrderWithFailuresAndGrownFilesInPlace() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Path p = dir.resolve("f" + i);
            Files.write(p, content(i));
            files.add(p);
        }
        Files.delete(files.get(17)); // vanished after the listing
        Files.write(files.get(40), new byte[SmallFilePack.SMALL_FILE_THRESHOLD + 5]); // grew past small
        try (SmallFileReadAhead ahead = new SmallFileReadAhead(files, reader)) {
            for (int i = 0; i < files.size(); i++) {
                assertTrue(ahead.hasNext());
                SmallFileReadAhead.Read r = ahead.next();
                assertEquals(files.get(i), r.file());
                if (i == 17) {
                    assertNotNull(r.failure());
                    assertEquals(Failure.NOT_FOUND, r.failure().failure());
                } else if (i == 40) {
                    assertEquals(-1, r.length());
                } else {
                    assertArrayEquals(content(i), Arrays.copyOf(r.buffer(), r.length()), "file " + i);
                    assertEquals(r.length(), r.attributes().size());
                }
                ahead.release(r);
            }
            assertFalse(ahead.hasNext());
        }
        assertTrue(mostInFlight.get() > 1, "files were read one at a time");
        assertTrue(mostInFlight.get() <= SmallFileReadAhead.THREADS);
    }

    @Test
    void closingEarlyStopsTheReaders() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Path p = dir.resolve("g" + i);
            Files.write(p, content(i));
            files.add(p);
        }
        SmallFileReadAhead ahead = new SmallFileReadAhead(files, reader);
        ahead.release(ahead.next());
        ahead.close();
        assertFalse(ahead.hasNext());
    }

    private static byte[] content(int i) {
        byte[] b = new byte[1 + (i * 977) % 9000];
        Arrays.fill(b, (byte) i);
        return b;
    }
}

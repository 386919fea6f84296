package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Set<Thread> readers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.CountDownLatch twoReaders = new java.util.concurrent.CountDownLatch(2);

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
        public int read(Path p, ByteBuffer buffer, int offset, int cap) {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            // The first read of each of the first two reading threads waits, inside the read,
            // for the other's (at most 10 s): reads that overlap are then seen overlapping
            // whatever the scheduling, and reads made one at a time show as such.
            if (readers.add(Thread.currentThread()) && twoReaders.getCount() > 0) {
                twoReaders.countDown();
                try {
                    twoReaders.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try (InputStream in = Files.newInputStream(p)) {
                byte[] b = in.readNBytes(cap);
                buffer.put(offset, b);
                return b.length;
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
        long[] listed = sizes(files);
        Files.delete(files.get(17)); // vanished after the listing
        Files.write(files.get(40), new byte[SmallFilePack.SMALL_FILE_THRESHOLD + 5]); // grew past small
        for (int i = 41; i < 46; i++) {
            // Grew, still small: more than their batch's buffer has room for, so the last are read alone.
            Files.write(files.get(i), grown(i));
        }
        Set<ByteBuffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        try (SmallFileReadAhead ahead = new SmallFileReadAhead(files, listed, reader)) {
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
                    byte[] expected = i > 40 && i < 46 ? grown(i) : content(i);
                    assertArrayEquals(expected, bytes(r), "file " + i);
                    assertTrue(r.buffer().isDirect());
                    buffers.add(r.buffer());
                }
                ahead.release(r);
            }
            assertFalse(ahead.hasNext());
        }
        assertTrue(mostInFlight.get() > 1, "files were read one at a time");
        assertTrue(mostInFlight.get() <= SmallFileReadAhead.THREADS);
        for (ByteBuffer b : buffers) {
            assertTrue(allZero(b), "a buffer kept file bytes after close");
        }
    }

    @Test
    void neighboursAreReadTogetherByOneThread() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 640; i++) {
            Path p = dir.resolve(String.format("n%04d", i));
            Files.write(p, new byte[1000 + i]);
            files.add(p);
        }
        List<String> readBy = Collections.synchronizedList(new ArrayList<>());
        Map<Path, String> threadOf = new java.util.concurrent.ConcurrentHashMap<>();
        SmallFileReadAhead.Reader recording = new SmallFileReadAhead.Reader() {
            @Override
            public BasicFileAttributes attributes(int index, Path p) {
                return reader.attributes(index, p);
            }

            @Override
            public int read(Path p, ByteBuffer buffer, int offset, int cap) {
                threadOf.put(p, Thread.currentThread().getName());
                return reader.read(p, buffer, offset, cap);
            }
        };
        try (SmallFileReadAhead ahead = new SmallFileReadAhead(files, sizes(files), recording)) {
            while (ahead.hasNext()) {
                SmallFileReadAhead.Read r = ahead.next();
                readBy.add(threadOf.get(r.file()));
                ahead.release(r);
            }
        }
        int handOvers = 0;
        for (int i = 1; i < readBy.size(); i++) {
            if (!readBy.get(i).equals(readBy.get(i - 1))) {
                handOvers++;
            }
        }
        // 640 files of about 1 KB: ten batches of 64, so at most nine changes of reader.
        assertEquals(640, readBy.size());
        assertTrue(handOvers <= 640 / SmallFileReadAhead.BATCH_FILES - 1, handOvers + " changes of reader");
    }

    @Test
    void aBatchHoldsNoMoreThanItsBytes() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Path p = dir.resolve("b" + i);
            Files.write(p, new byte[200_000]);
            files.add(p);
        }
        List<ByteBuffer> seen = new ArrayList<>();
        try (SmallFileReadAhead ahead = new SmallFileReadAhead(files, sizes(files), reader)) {
            while (ahead.hasNext()) {
                SmallFileReadAhead.Read r = ahead.next();
                assertEquals(200_000, r.length());
                assertTrue(r.offset() + r.length() <= SmallFileReadAhead.BATCH_BYTES, "past the planned bytes: " + r.offset());
                seen.add(r.buffer());
                ahead.release(r);
            }
        }
        // Two files of 200,000 bytes fit the 512 KiB a batch plans; a third does not.
        assertEquals(12, seen.size());
        for (int i = 0; i < 12; i += 2) {
            assertTrue(seen.get(i) == seen.get(i + 1), "files " + i + " and " + (i + 1) + " share a batch");
        }
    }

    @Test
    void closingEarlyStopsTheReaders() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Path p = dir.resolve("g" + i);
            Files.write(p, content(i));
            files.add(p);
        }
        SmallFileReadAhead ahead = new SmallFileReadAhead(files, sizes(files), reader);
        ahead.release(ahead.next());
        ahead.close();
        assertFalse(ahead.hasNext());
    }

    private static long[] sizes(List<Path> files) throws IOException {
        long[] sizes = new long[files.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Files.size(files.get(i));
        }
        return sizes;
    }

    private static boolean allZero(ByteBuffer b) {
        for (int i = 0; i < b.capacity(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(SmallFileReadAhead.Read r) {
        byte[] b = new byte[r.length()];
        r.buffer().get(r.offset(), b);
        return b;
    }

    private static byte[] grown(int i) {
        byte[] b = new byte[250_000];
        Arrays.fill(b, (byte) (i + 1));
        return b;
    }

    private static byte[] content(int i) {
        byte[] b = new byte[1 + (i * 977) % 9000];
        Arrays.fill(b, (byte) i);
        return b;
    }
}

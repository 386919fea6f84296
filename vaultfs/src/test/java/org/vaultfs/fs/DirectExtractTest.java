package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable extraction writes files of {@link ExtractTarget#DIRECT_MIN} bytes and more with
 * O_DIRECT, through whole aligned blocks: every length arrives exact, small files and
 * non-durable extractions keep the page cache, and a filesystem that refuses O_DIRECT (after
 * creating the file, as Linux does) leaves no stray file and is not asked again.
 */
class DirectExtractTest {
    private static final int O_DIRECT = 040000; // x86-64 and arm64 Linux

    @TempDir
    Path tmp;

    /** The open flags of the descriptors this process holds on regular files under {@code dir}. */
    private static List<Integer> openFlagsUnder(Path dir) throws IOException {
        List<Integer> flags = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                Path to;
                try {
                    to = Files.readSymbolicLink(fd);
                } catch (IOException gone) {
                    continue;
                }
                if (to.startsWith(dir) && Files.isRegularFile(to)) {
                    for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                        if (line.startsWith("flags:")) {
                            flags.add(Integer.parseInt(line.substring(6).trim(), 8));
                        }
                    }
                }
            }
        }
        return flags;
    }

    /** Writes {@code content} in uneven pieces; returns the open flags seen after the first piece. */
    private static int extractOne(ExtractTarget t, Path target, String name, byte[] content, Random r) throws IOException {
        int flags;
        try (ExtractTarget.PendingFile f = t.create(name, content.length)) {
            int first = Math.min(content.length, 1 + r.nextInt(5000));
            f.write(content, 0, first);
            List<Integer> seen = openFlagsUnder(target);
            assertEquals(1, seen.size(), "one temp file open: " + seen);
            flags = seen.get(0);
            for (int pos = first; pos < content.length; ) {
                int n = Math.min(content.length - pos, 1 + r.nextInt(300_000));
                f.write(content, pos, n);
                pos += n;
            }
            f.commit((java.nio.file.attribute.FileTime) null);
            t.awaitCommits();
        }
        return flags;
    }

    @Test
    void largeFilesGoToTheDeviceDirectlyAndArriveWhole() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Random r = new Random(11);
        int min = (int) ExtractTarget.DIRECT_MIN;
        int[] sizes = {min, min + 1, 3 * min + 777, 5 * min, min - 1};
        ExtractTarget t = ExtractTarget.open(target, true, false);
        try {
            for (int size : sizes) {
                byte[] content = new byte[size];
                r.nextBytes(content);
                int flags = extractOne(t, target, "f" + size, content, r);
                assertEquals(size >= min, (flags & O_DIRECT) != 0, size + " bytes: flags " + Integer.toOctalString(flags));
                t.syncDirectories();
                assertArrayEquals(content, Files.readAllBytes(target.resolve("f" + size)), size + " bytes");
            }
        } finally {
            t.close();
        }
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(sizes.length, left.count(), "only the extracted files");
        }
    }

    @Test
    void aNonDurableExtractionKeepsThePageCache() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("target"));
        byte[] content = new byte[(int) ExtractTarget.DIRECT_MIN * 2];
        new Random(12).nextBytes(content);
        ExtractTarget t = ExtractTarget.open(target, false, false);
        try {
            int flags = extractOne(t, target, "big", content, new Random(13));
            assertEquals(0, flags & O_DIRECT, "flags " + Integer.toOctalString(flags));
        } finally {
            t.close();
        }
        assertArrayEquals(content, Files.readAllBytes(target.resolve("big")));
    }

    @Test
    void aFilesystemRefusingDirectWritesGetsTheUsualOnesWithNoStrayFile() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("target"));
        AtomicInteger refused = new AtomicInteger();
        ExtractTarget t = ExtractTarget.open(target, true, false);
        t.openChannelsWith((path, options, attrs) -> {
            if (options.contains(com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
                // As Linux does on a filesystem without O_DIRECT: the file is created, then EINVAL.
                FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
                refused.incrementAndGet();
                throw new IOException("Invalid argument");
            }
            return FileChannel.open(path, options, attrs);
        });
        Random r = new Random(14);
        byte[] a = new byte[(int) ExtractTarget.DIRECT_MIN + 5];
        byte[] b = new byte[(int) ExtractTarget.DIRECT_MIN * 2];
        r.nextBytes(a);
        r.nextBytes(b);
        try {
            assertEquals(0, extractOne(t, target, "a", a, r) & O_DIRECT);
            assertEquals(0, extractOne(t, target, "b", b, r) & O_DIRECT);
            t.syncDirectories();
        } finally {
            t.close();
        }
        assertEquals(1, refused.get(), "asked once, then no more");
        assertArrayEquals(a, Files.readAllBytes(target.resolve("a")));
        assertArrayEquals(b, Files.readAllBytes(target.resolve("b")));
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(List.of("a", "b"), left.map(p -> p.getFileName().toString()).sorted().toList(), "no temp file left");
        }
    }
}

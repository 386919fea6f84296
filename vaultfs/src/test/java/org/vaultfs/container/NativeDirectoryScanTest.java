package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.metadata.NodeCapture;
import org.vaultfs.metadata.NodeStat;

/** The C directory listing against the JDK's: the same names, and each one's lstat as the JDK reads it. */
class NativeDirectoryScanTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsTheLibrary() {
        assumeTrue(NativeDirectoryScan.available(), "the C library is not loaded here");
    }

    private static Map<String, NativeDirectoryScan.Entry> byName(List<NativeDirectoryScan.Entry> entries) {
        Map<String, NativeDirectoryScan.Entry> m = new TreeMap<>();
        for (NativeDirectoryScan.Entry e : entries) {
            m.put(e.name(), e);
        }
        assertEquals(entries.size(), m.size(), "a name listed twice");
        return m;
    }

    /** The stat without the listing size, which the JDK's map does not have. */
    private static NodeStat withoutXattrSize(NodeStat s) {
        return new NodeStat(s.mode(), s.uid(), s.gid(), s.ino(), s.dev(), s.rdev(), s.nlink(), s.size(), s.mtimeSeconds(),
                s.mtimeNanos(), NodeStat.XATTRS_UNKNOWN);
    }

    @Test
    void everyKindOfEntryIsStatedAsTheJdkStatsIt() throws Exception {
        Files.writeString(dir.resolve("plain.txt"), "hello");
        Files.write(dir.resolve("big.bin"), new byte[300_000]);
        Files.setLastModifiedTime(dir.resolve("big.bin"), FileTime.from(Instant.parse("2030-05-06T07:08:09.123456789Z")));
        Files.setLastModifiedTime(dir.resolve("plain.txt"), FileTime.from(Instant.parse("1969-07-20T20:17:40.5Z")));
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("sub/../nowhere"));
        Files.createLink(dir.resolve("hard"), dir.resolve("plain.txt"));
        Files.writeString(dir.resolve("é ñ \u4e2d.txt"), "x");
        Files.writeString(dir.resolve(".hidden"), "");
        new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start().waitFor();

        Map<String, NativeDirectoryScan.Entry> listed = byName(new NativeDirectoryScan(false).list(dir.toString()));
        TreeSet<String> expected;
        try (Stream<Path> s = Files.list(dir)) {
            expected = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, listed.keySet());
        for (NativeDirectoryScan.Entry e : listed.values()) {
            assertEquals(0, e.errno(), e.name());
            assertEquals(NodeCapture.stat(dir.resolve(e.name())), withoutXattrSize(e.stat()), e.name());
            assertEquals(NodeStat.XATTRS_UNKNOWN, e.stat().xattrListSize(), "not asked, so not known: " + e.name());
        }
        assertEquals(Files.getLastModifiedTime(dir.resolve("big.bin")), listed.get("big.bin").stat().modified());
        assertEquals(Files.getLastModifiedTime(dir.resolve("plain.txt")), listed.get("plain.txt").stat().modified());
        assertTrue(listed.get("sub").stat().isDirectory());
        assertEquals(2, listed.get("hard").stat().nlink());
    }

    @Test
    void extendedAttributeListingSizesAreAskedOnlyForFilesAndDirectories() throws Exception {
        Path tagged = Files.writeString(dir.resolve("tagged"), "x");
        Files.writeString(dir.resolve("untagged"), "x");
        Files.createDirectory(dir.resolve("d"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("tagged"));
        UserDefinedFileAttributeView view = Files.getFileAttributeView(tagged, UserDefinedFileAttributeView.class);
        try {
            view.write("color", ByteBuffer.wrap("blue".getBytes()));
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no user extended attributes on this filesystem: " + e);
        }
        Map<String, NativeDirectoryScan.Entry> listed = byName(new NativeDirectoryScan(true).list(dir.toString()));
        assertTrue(listed.get("tagged").stat().xattrListSize() >= "user.color\0".length(), "tagged: " + listed.get("tagged"));
        assertEquals(NodeStat.XATTRS_UNKNOWN, listed.get("link").stat().xattrListSize());
        // Other namespaces (security.selinux) may be listed; a user attribute never is on these two.
        for (String name : List.of("untagged", "d")) {
            long size = listed.get(name).stat().xattrListSize();
            assertTrue(size >= 0, name + ": " + size);
        }
    }

    @Test
    void aDirectoryLargerThanOneBufferIsListedWhole() throws Exception {
        // 1,500 entries of ~280 bytes each: several calls, with a record held back at each seam.
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < 1500; i++) {
            String name = String.format("%04d-", i) + "n".repeat(190 + i % 60);
            names.add(name);
            Files.writeString(dir.resolve(name), Integer.toString(i));
        }
        Map<String, NativeDirectoryScan.Entry> listed = byName(new NativeDirectoryScan(true).list(dir.toString()));
        assertEquals(names, listed.keySet());
        for (NativeDirectoryScan.Entry e : listed.values()) {
            assertEquals(Integer.toString(Integer.parseInt(e.name().substring(0, 4))).length(), e.stat().size(), e.name());
        }
    }

    @Test
    void whatCannotBeOpenedAsADirectoryIsLeftToTheCaller() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("real"));
        NativeDirectoryScan scan = new NativeDirectoryScan(false);
        assertNull(scan.list(dir.resolve("missing").toString()));
        assertNull(scan.list(file.toString()));
        assertNull(scan.list(link.toString()), "a symlink is never followed");
        assertNotNull(scan.list(dir.resolve("real").toString()));
        assertEquals(List.of(), scan.list(dir.resolve("real").toString()));
    }
}

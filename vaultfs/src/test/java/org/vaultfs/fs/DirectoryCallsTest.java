package org.vaultfs.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system calls of an extraction in C against the same calls through jnr-ffi: one script of
 * calls, successes and failures (missing names, taken names, links where a directory is asked
 * for, a link's mode), run through each in a directory of its own; both must return the same
 * values and errnos and leave the same tree.
 */
class DirectoryCallsTest {
    private static final int AT_FDCWD = -100;
    private static final int O_RDONLY = 0;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int DIR = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final long UTIME_OMIT = (1L << 30) - 2;

    @TempDir
    Path tmp;

    @Test
    void cAndJnrAgreeOnEveryCallAndError() throws IOException {
        assumeTrue(NativeDirectoryCalls.available(), "vaultfs' C library is not loaded here");
        Path a = Files.createDirectory(tmp.resolve("c"));
        Path b = Files.createDirectory(tmp.resolve("jnr"));
        List<String> viaC = script(new NativeDirectoryCalls(), a);
        List<String> viaJnr = script(new JnrDirectoryCalls(), b);
        assertEquals(viaJnr, viaC);
        assertEquals(tree(b), tree(a));
        assertTrue(viaC.contains("open missing -2"), viaC.toString()); // ENOENT reached Java as a negative errno
    }

    @Test
    void aNameWithANulByteIsRefusedNotCut() {
        assumeTrue(NativeDirectoryCalls.available(), "vaultfs' C library is not loaded here");
        NativeDirectoryCalls c = new NativeDirectoryCalls();
        int fd = c.openat(AT_FDCWD, tmp.toString(), DIR, 0);
        assertTrue(fd >= 0);
        try {
            assertEquals(-22, c.mkdirat(fd, "made\0cut", 0755)); // EINVAL, and nothing named "made"
            assertTrue(Files.notExists(tmp.resolve("made")));
            assertEquals(-36, c.mkdirat(fd, "x".repeat(5000), 0755)); // ENAMETOOLONG before any copy
        } finally {
            c.close(fd);
        }
    }

    /** Runs the calls in {@code dir}; each outcome as "step value" with fds reduced to "fd". */
    private static List<String> script(DirectoryCalls c, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        int root = c.openat(AT_FDCWD, dir.toString(), DIR, 0);
        assertTrue(root >= 0, "cannot open " + dir + ": " + root);
        try {
            out.add("mkdir sub " + c.mkdirat(root, "sub", 0750));
            out.add("mkdir sub again " + c.mkdirat(root, "sub", 0750));
            out.add("open missing " + c.openat(root, "missing", DIR, 0));
            int sub = c.openat(root, "sub", DIR, 0);
            out.add("open sub " + (sub >= 0 ? "fd" : sub));
            Files.writeString(dir.resolve("sub/file"), "bytes");
            out.add("open file as dir " + c.openat(sub, "file", DIR, 0));
            out.add("symlink " + c.symlinkat("sub", root, "link"));
            out.add("open link as dir " + c.openat(root, "link", DIR, 0));
            out.add("rename " + c.renameat(sub, "file", sub, "renamed"));
            out.add("rename missing " + c.renameat(sub, "file", sub, "other"));
            out.add("hard link " + c.linkat(sub, "renamed", root, "hard", 0));
            out.add("hard link taken " + c.linkat(sub, "renamed", root, "hard", 0));
            out.add("mtime " + c.utimensat(sub, "renamed", 0, UTIME_OMIT, 1_000_000_000L, 123_456_789, AT_SYMLINK_NOFOLLOW));
            out.add("mtime missing " + c.utimensat(sub, "nothing", 0, UTIME_OMIT, 1, 0, AT_SYMLINK_NOFOLLOW));
            out.add("chmod " + c.fchmodat(sub, "renamed", 0640, 0));
            out.add("chmod link itself " + c.fchmodat(root, "link", 0600, AT_SYMLINK_NOFOLLOW));
            out.add("chown to self " + c.fchownat(sub, "renamed", c.geteuid(), c.getegid(), AT_SYMLINK_NOFOLLOW));
            out.add("fifo " + c.mknodat(root, "fifo", 0010600, 0));
            out.add("fchmod " + c.fchmod(sub, 0755));
            out.add("fchown " + c.fchown(sub, c.geteuid(), c.getegid()));
            out.add("fchmod bad fd " + c.fchmod(-5, 0755));
            out.add("fsync " + c.fsync(sub));
            out.add("syncfs " + c.syncfs(sub));
            out.add("xattr absent " + c.fgetxattrSize(sub, "user.vaultfs-test-absent"));
            out.add("unlink " + c.unlinkat(root, "hard", 0));
            out.add("unlink missing " + c.unlinkat(root, "hard", 0));
            out.add("rmdir non-empty " + c.unlinkat(root, "sub", AT_REMOVEDIR));
            out.add("close " + c.close(sub));
            out.add("close again " + c.close(sub));
        } finally {
            c.close(root);
        }
        return out;
    }

    /** Each name under {@code dir} with its type and permission bits, the stamped file's time, a link's target. */
    private static List<String> tree(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                boolean link = Files.isSymbolicLink(p);
                // Only the stamped file's time: the others are the moments each run made them.
                String time = p.endsWith("renamed") ? ((FileTime) a.get("lastModifiedTime")).toString() : "";
                names.add(dir.relativize(p) + " " + Integer.toOctalString(mode) + " " + time
                        + (link ? " -> " + Files.readSymbolicLink(p) : ""));
            }
        }
        return names;
    }
}

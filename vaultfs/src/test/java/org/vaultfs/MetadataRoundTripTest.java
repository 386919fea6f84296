package org.vaultfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.fs.ExtractOptions;
import org.vaultfs.fs.ExtractResult;
import org.vaultfs.testing.CachingKdf;
import org.vaultfs.testing.SealedTrees;

/**
 * A real tree with what tar and restic keep (executables, setgid and sticky directories,
 * foreign owners as root, nanosecond times, relative, absolute, dangling and directory
 * symlinks, a symlink loop, a hard-link group across directories, a FIFO, a device node as
 * root, user xattrs) sealed and extracted: {@code find -printf} over type, mode, owner, size,
 * time, link target and link count reads the same on both sides, and so do the xattrs.
 */
class MetadataRoundTripTest {
    static final byte[] PW = "metadata round trip".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    static boolean root() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().equals("0");
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    static Path build(Path tmp, boolean root) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path bin = Files.createDirectories(src.resolve("bin"));
        Files.writeString(bin.resolve("tool"), "#!/bin/sh\necho run from the vault\n");
        run("chmod", "0751", bin.resolve("tool").toString());
        Path shared = Files.createDirectories(src.resolve("shared"));
        run("chmod", "2775", shared.toString());
        Path scratch = Files.createDirectories(src.resolve("scratch"));
        run("chmod", "1777", scratch.toString());
        Files.writeString(shared.resolve("data.txt"), "shared data\n");
        // Modes the creation can give (0600, 0751 under a 022 umask) and ones only a chmod can
        // (0666 is wider than the umask, 0464 narrower in the owner's bits than in the others').
        Files.writeString(bin.resolve("secret"), "private\n");
        run("chmod", "0600", bin.resolve("secret").toString());
        Files.writeString(bin.resolve("open"), "anyone writes\n");
        run("chmod", "0666", bin.resolve("open").toString());
        Files.writeString(bin.resolve("odd"), "odd\n");
        run("chmod", "0464", bin.resolve("odd").toString());
        Files.createDirectories(src.resolve("other"));
        Files.createLink(src.resolve("other/data-link.txt"), shared.resolve("data.txt"));
        Files.createSymbolicLink(src.resolve("rel"), Path.of("bin/tool"));
        Files.createSymbolicLink(src.resolve("abs"), Path.of("/etc/hostname"));
        Files.createSymbolicLink(src.resolve("dangling"), Path.of("no/such/target"));
        Files.createSymbolicLink(src.resolve("dirlink"), Path.of("shared"));
        Files.createSymbolicLink(src.resolve("loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(src.resolve("loop-b"), Path.of("loop-a"));
        run("mkfifo", src.resolve("pipe").toString());
        Path note = Files.writeString(src.resolve("note.txt"), "tagged\n");
        try {
            Files.getFileAttributeView(note, UserDefinedFileAttributeView.class)
                    .write("vaultfs.tag", ByteBuffer.wrap("blue".getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // xattrs unsupported here: the comparison below then sees none on either side.
        }
        if (root) {
            Files.writeString(src.resolve("owned.txt"), "someone else's\n");
            run("chown", "1234:4321", src.resolve("owned.txt").toString());
            Files.writeString(src.resolve("setuid-tool"), "#!/bin/sh\n");
            run("chmod", "04755", src.resolve("setuid-tool").toString());
            run("mknod", src.resolve("null-dev").toString(), "c", "1", "3");
        }
        Files.setLastModifiedTime(note, FileTime.from(Instant.ofEpochSecond(1_650_000_000L, 987_654_321)));
        Files.setLastModifiedTime(shared, FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 5)));
        return src;
    }

    /** {@code find -printf}: path, type, mode, uid, gid, size (files), mtime to the ns, link target, link count. */
    static TreeMap<String, String> listing(Path root) throws Exception {
        Process p = new ProcessBuilder("find", ".", "-mindepth", "1", "-printf", "%P|%y|%m|%U|%G|%T@|%l|%n|%s\\n")
                .directory(root.toFile()).start();
        TreeMap<String, String> out = new TreeMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            // Directory sizes and symlink sizes are filesystem facts, not the tree's.
            String size = f[1].equals("f") ? f[8] : "-";
            out.put(f[0], String.join("|", f[1], f[2], f[3], f[4], f[5], f[6], f[7], size));
        }
        assertEquals(0, p.waitFor());
        return out;
    }

    static String xattr(Path p) {
        try {
            UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
            if (!v.list().contains("vaultfs.tag")) {
                return "";
            }
            ByteBuffer b = ByteBuffer.allocate(v.size("vaultfs.tag"));
            v.read("vaultfs.tag", b);
            return new String(b.array(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Seals {@code src}, extracts it into {@code out} with its permissions, and compares the two trees entry by entry. */
    private void sealExtractAndCompare(Path src, Path out) throws Exception {
        Path v = SealedTrees.seal(src, tmp.resolve("v.av3"), PW);
        ExtractResult r;
        try (Vault vault = Vault.open(v, PW, OpenOptions.DEFAULT.withKdf(CachingKdf.INSTANCE))) {
            r = vault.extract(out, List.of(), ExtractOptions.defaults().withPreservePermissions(true));
        }
        assertEquals(List.of(), r.warnings());
        TreeMap<String, String> want = listing(src);
        TreeMap<String, String> got = listing(out);
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            assertEquals(want.get(k), got.get(k), k);
        }
    }

    @Test
    void extractReproducesTheTreeThatWasSealed() throws Exception {
        Path src = build(tmp, root());
        Path out = tmp.resolve("out");
        sealExtractAndCompare(src, out);
        assertEquals(xattr(src.resolve("note.txt")), xattr(out.resolve("note.txt")));
        assertTrue(Files.isSameFile(out.resolve("shared/data.txt"), out.resolve("other/data-link.txt")), "hard link kept");
    }

    /**
     * As root, a node whose stored owner is the one its creation gives is not chowned; in a
     * setgid directory of another group a new node takes that group, so root's own files must
     * still be chowned back. The target is such a directory, and the subdirectories extraction
     * makes in it inherit its group and setgid bit until their own attributes come last.
     */
    @Test
    void rootsOwnFilesKeepTheirGroupInASetgidTarget() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(root(), "owners are restored only as root");
        Path src = build(tmp, true);
        Path out = Files.createDirectories(tmp.resolve("out"));
        run("chgrp", "4321", out.toString());
        run("chmod", "2775", out.toString());
        sealExtractAndCompare(src, out);
    }
}

package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree too large for one vault fails the seal with one line and leaves nothing behind, where
 * it used to give a vault that no reader opens (a manifest past 128 MiB) or whose metadata
 * every reader ignores (a payload past the cap). Made cheaply with long names and long
 * symlink targets rather than a million files.
 */
class FormatLimitsTest {
    static final String PW = "format limits password";

    @TempDir
    Path tmp;

    /** {@code n} symlinks whose 4,000-byte targets each take about 4 KB of the metadata's JSON. */
    private Path symlinks(int n) throws Exception {
        Path src = Files.createDirectory(tmp.resolve("links"));
        String target = "t".repeat(4000);
        for (int i = 0; i < n; i++) {
            Files.createSymbolicLink(src.resolve("l" + i), Path.of(target + i));
        }
        return src;
    }

    private List<String> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains("vault")).toList();
        }
    }

    @Test
    void metadataPastItsCapFailsTheSealAndWritesNothing() throws Exception {
        Path src = symlinks(33_000); // about 138 MB of metadata, past 128 MiB
        Path v = tmp.resolve("v.vault");
        Cli.Result r = new Cli().password(PW).run("seal", src.toString(), "-o", v.toString(), "-q");
        assertEquals(4, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.stderr());
        assertTrue(r.stderr().contains("past the 128 MiB a reader accepts") && r.stderr().contains("--no-metadata"), r.stderr());
        assertFalse(Files.exists(v));
        assertEquals(List.of(), leftovers(), "no temporary file left beside the target");
    }

    /** Past the old 64 MiB cap and within the new one: the metadata is written and read back. */
    @Test
    void metadataAboveTheOldCapIsKept() throws Exception {
        Path src = symlinks(20_000); // about 84 MB
        Path v = tmp.resolve("v.vault");
        Cli.Result seal = new Cli().password(PW).run("seal", src.toString(), "-o", v.toString(), "-q");
        assertEquals(0, seal.exit(), seal.stderr());
        Cli.Result ls = new Cli().password(PW).run("ls", "-l", v.toString());
        assertEquals(0, ls.exit(), ls.stderr());
        assertEquals("", ls.stderr(), "no 'metadata ignored' warning");
        assertEquals(20_000, ls.stdout().lines().filter(l -> l.startsWith("lrwx") && l.contains(" -> ttt")).count(),
                "every symlink listed as one, from the metadata");
        Path out = tmp.resolve("out");
        assertEquals(0, new Cli().password(PW).run("extract", v.toString(), "-o", out.toString(), "-q", "--no-fsync").exit());
        assertEquals("t".repeat(4000) + "19999", Files.readSymbolicLink(out.resolve("l19999")).toString());
    }

    @Test
    void manifestPastItsCapFailsTheSealAndWritesNothing() throws Exception {
        // 15 directories of 250 bytes: each of the files below has a path of about 3,780 bytes,
        // so 36,000 of them need about 139 MB of manifest, past 128 MiB.
        Path deep = tmp.resolve("src");
        for (int d = 0; d < 15; d++) {
            deep = deep.resolve(String.valueOf((char) ('a' + d)).repeat(250));
        }
        Files.createDirectories(deep);
        for (int i = 0; i < 36_000; i++) {
            Files.createFile(deep.resolve("f" + i));
        }
        Path v = tmp.resolve("v.vault");
        Cli.Result r = new Cli().password(PW).run("seal", tmp.resolve("src").toString(), "-o", v.toString(), "-q", "--no-metadata");
        assertEquals(4, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.stderr());
        assertTrue(r.stderr().contains("entries would take") && r.stderr().contains("past the 128 MiB a reader accepts"), r.stderr());
        assertFalse(Files.exists(v));
        assertEquals(List.of(), leftovers(), "no temporary file left beside the target");
    }
}

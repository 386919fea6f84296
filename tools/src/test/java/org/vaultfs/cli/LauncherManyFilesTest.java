package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree of 300,000 small files sealed, listed and partly extracted through the launcher with
 * its own JVM options. Every file's entry is held until a seal's commit, and the 256 MiB heap
 * the launcher used to give a seal ran out ("GC overhead limit exceeded") at this size. The
 * vault then stores 44.5 MiB of manifest and 37.2 MiB of metadata, and the readers ran out of
 * the heap the launcher sized by the manifest alone, in about half the runs: the reader held
 * every stored and decrypted copy through both parses, and the launcher left the metadata out.
 */
class LauncherManyFilesTest {
    static final int DIRS = 300;
    static final int FILES_PER_DIR = 1000;

    @TempDir
    Path tmp;
    /** Where the tree goes: memory when /dev/shm is there, since creating and deleting 300,000
     *  files on this machine's disk took 1-3 minutes against 5 s for the seal itself. */
    Path work;

    @BeforeEach
    void chooseWorkDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        work = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "vaultfs-many-") : tmp;
    }

    @AfterEach
    void removeWorkDirectory() throws IOException {
        if (work != null && !work.equals(tmp)) {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private Run launcher(Path jar, String... args) throws Exception {
        return launcherWith(null, jar, args);
    }

    /** The launcher with VAULT_JAVA_OPTS set to {@code javaOpts} (none when null). */
    private Run launcherWith(String javaOpts, Path jar, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("vaultfs.root", ".."), "vault").toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("VAULT_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("VAULT_JAVA_OPTS", javaOpts);
        }
        pb.environment().put("VAULT_JAR", jar.toString());
        pb.environment().put("VAULT_PASSWORD", "many-files-test-password");
        pb.redirectOutput(tmp.resolve("out.txt").toFile());
        pb.redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "launcher did not return");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    private static long memTotalMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return 0;
    }

    @Test
    void threeHundredThousandFilesSealWithTheLaunchersHeap() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/meminfo")) && memTotalMib() >= 6 * 1024,
                "the launcher gives a seal a quarter of the memory: this many files need a machine of 6 GiB or more");
        Path src = Files.createDirectory(work.resolve("src"));
        byte[] body = new byte[12];
        for (int d = 0; d < DIRS; d++) {
            Path dir = Files.createDirectory(src.resolve(String.format("d%03d", d)));
            for (int f = 0; f < FILES_PER_DIR; f++) {
                body[0] = (byte) d;
                body[1] = (byte) f;
                Files.write(dir.resolve("file-" + f + ".txt"), body);
            }
        }
        Path jar = LauncherMountTest.manifestOnlyJar(work.resolve("vault.jar"));
        Path v = work.resolve("many.av3");
        Run seal = launcher(jar, "seal", src.toString(), "-o", v.toString(), "-q");
        assertEquals(0, seal.exit(), seal.err());
        assertEquals("", seal.err());
        Run ls = launcher(jar, "ls", "-l", v.toString());
        assertEquals(0, ls.exit(), ls.err());
        assertEquals(DIRS + (long) DIRS * FILES_PER_DIR, ls.out().lines().count());
        // The reader's own footprint: this vault opens within the 256 MiB the launcher gives a
        // small vault (it needed more than 300 while it held every copy through both parses).
        Run tight = launcherWith("-Xmx256m", jar, "ls", "-l", v.toString());
        assertEquals(0, tight.exit(), tight.err());
        assertEquals(ls.out(), tight.out());
        Path out = work.resolve("out");
        Run extract = launcher(jar, "extract", "-q", "-o", out.toString(), v.toString(), "d123");
        assertEquals(0, extract.exit(), extract.err());
        try (var files = Files.list(out.resolve("d123"))) {
            assertEquals(FILES_PER_DIR, files.count());
        }
        byte[] expected = new byte[12];
        expected[0] = (byte) 123;
        expected[1] = (byte) 777;
        assertArrayEquals(expected, Files.readAllBytes(out.resolve("d123").resolve("file-777.txt")));
    }
}

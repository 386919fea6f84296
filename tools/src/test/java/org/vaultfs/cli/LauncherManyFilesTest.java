package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree of 300,000 small files sealed through the launcher with its own JVM options: every
 * file's entry is held until the commit, and the 256 MiB heap the launcher used to give a seal
 * ran out ("GC overhead limit exceeded") at this size.
 */
class LauncherManyFilesTest {
    static final int DIRS = 300;
    static final int FILES_PER_DIR = 1000;

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run launcher(Path jar, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("vaultfs.root", ".."), "vault").toString());
        pb.command().addAll(List.of(args));
        pb.environment().remove("VAULT_JAVA_OPTS");
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
        Path src = Files.createDirectory(tmp.resolve("src"));
        byte[] body = new byte[12];
        for (int d = 0; d < DIRS; d++) {
            Path dir = Files.createDirectory(src.resolve(String.format("d%03d", d)));
            for (int f = 0; f < FILES_PER_DIR; f++) {
                body[0] = (byte) d;
                body[1] = (byte) f;
                Files.write(dir.resolve("file-" + f + ".txt"), body);
            }
        }
        Path jar = LauncherMountTest.manifestOnlyJar(tmp.resolve("vault.jar"));
        Path v = tmp.resolve("many.av3");
        Run seal = launcher(jar, "seal", src.toString(), "-o", v.toString(), "-q");
        assertEquals(0, seal.exit(), seal.err());
        assertEquals("", seal.err());
        Run ls = launcher(jar, "ls", v.toString());
        assertEquals(0, ls.exit(), ls.err());
        assertEquals(DIRS + (long) DIRS * FILES_PER_DIR, ls.out().lines().count());
    }
}

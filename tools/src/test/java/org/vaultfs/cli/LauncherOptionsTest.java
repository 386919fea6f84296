package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the launcher derives from a command line: a heap that grows with the
 * vault's stored manifest, and for a mount a starting heap sized by it and a cap on native memory
 * that grows with the cache. Observed through VAULT_LAUNCHER_TRACE on header-only vaults the
 * JVM then refuses, so no FUSE and no real vault are needed.
 */
class LauncherOptionsTest {
    @TempDir
    Path tmp;
    Path jar;

    @BeforeEach
    void setUp() throws Exception {
        jar = LauncherMountTest.manifestOnlyJar(tmp.resolve("vault.jar"));
    }

    /** A 1 KiB file that starts like a vault and declares {@code manifestLen} stored manifest bytes. */
    Path headerOnly(String name, long manifestLen) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AEROVAULT3".getBytes(StandardCharsets.US_ASCII));
        b.putLong(152, manifestLen);
        return Files.write(tmp.resolve(name), b.array());
    }

    /** The same, followed by the extension directory {@code directory} (at offset 1024). */
    Path headerAndDirectory(String name, long manifestLen, String directory) throws Exception {
        byte[] dir = directory.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1024 + dir.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("AEROVAULT3".getBytes(StandardCharsets.US_ASCII));
        b.putLong(152, manifestLen);
        b.putLong(160, 1024);
        b.putLong(168, dir.length);
        b.put(1024, dir);
        return Files.write(tmp.resolve(name), b.array());
    }

    static String extension(String id, long length) {
        return "{\"extension_id\":\"" + id + "\",\"algorithm_id\":\"x\",\"algorithm_version\":1,\"critical\":false,"
                + "\"offset\":0,\"length\":" + length + "}";
    }

    /** The traced java command line; the command itself must fail with one line. */
    String javaLine(String... args) throws Exception {
        return javaLineWithOptions(null, args);
    }

    /** As {@link #javaLine}, with {@code $VAULT_JAVA_OPTS} set to {@code javaOpts} (null: unset). */
    String javaLineWithOptions(String javaOpts, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("vaultfs.root", ".."), "vault").toString());
        pb.command().addAll(List.of(args));
        pb.environment().put("VAULT_JAR", jar.toString());
        pb.environment().put("VAULT_PASSWORD", "irrelevant");
        pb.environment().put("VAULT_LAUNCHER_TRACE", "1");
        pb.environment().remove("VAULT_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("VAULT_JAVA_OPTS", javaOpts);
        }
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), err);
        List<String> lines = err.lines().toList();
        assertEquals(2, lines.size(), "the trace and one error line: " + err);
        assertTrue(lines.get(0).startsWith("vault: java "), err);
        return lines.get(0);
    }

    @Test
    void theHeapGrowsWithTheStoredManifest() throws Exception {
        assertTrue(javaLine("ls", headerOnly("small.av3", 15_000_000).toString()).contains("-Xmx256m "), "a 15 MB manifest fits the default");
        assertTrue(javaLine("ls", headerOnly("large.av3", 100L << 20).toString()).contains("-Xmx464m "), "64 MiB + 4 x 100 MiB");
        assertTrue(javaLine("ls", headerOnly("huge.av3", 200L << 20).toString()).contains("-Xmx256m "),
                "above the reader's limit: the reader refuses it, the launcher does not size for it");
        Path notAVault = Files.write(tmp.resolve("plain.bin"), new byte[2048]);
        assertTrue(javaLine("ls", notAVault.toString()).contains("-Xmx256m "));
    }

    /**
     * A 300,000-file vault stores 44.5 MiB of manifest and 37.2 MiB of metadata; sized by its
     * manifest alone (240 MiB), `ls -l`, `extract` and `mount` ran out of heap.
     */
    @Test
    void theMetadataExtensionCountsLikeTheManifest() throws Exception {
        String meta = extension("vaultfs.posix-metadata", 40L << 20);
        assertTrue(javaLine("ls", headerAndDirectory("m.av3", 44L << 20, "[" + meta + "]").toString()).contains("-Xmx400m "),
                "64 MiB + 4 x (44 + 40) MiB");
        String parity = extension("error-correction.reed-solomon", 2L << 30);
        assertTrue(javaLine("ls", headerAndDirectory("p.av3", 44L << 20, "[" + parity + "," + meta + "]").toString())
                .contains("-Xmx400m "), "parity is read a piece at a time: it does not count");
        assertTrue(javaLine("ls", headerAndDirectory("q.av3", 44L << 20, "[" + parity + "]").toString()).contains("-Xmx256m "));
        String tooLarge = extension("vaultfs.posix-metadata", 129L << 20);
        assertTrue(javaLine("ls", headerAndDirectory("r.av3", 44L << 20, "[" + tooLarge + "]").toString()).contains("-Xmx256m "),
                "above the metadata's 128 MiB limit the reader ignores it");
        assertTrue(javaLine("mount", headerAndDirectory("s.av3", 44L << 20, "[" + meta + "]").toString(), tmp.toString())
                .contains("-Xmx400m -Xms400m -Xmn48m "), "a mount starts at its cap when that is less than 12 x the manifest");
    }

    /** correct's young generation holds the coding threads' shard sets, with the old one as large as before. */
    @Test
    void correctGetsAYoungGenerationForItsShardSets() throws Exception {
        String line = javaLine("correct", "gen", tmp.resolve("missing.bin").toString());
        assertTrue(line.contains("-Xmx336m -Xmn160m "), line);
        assertFalse(javaLine("ls", tmp.resolve("missing.av3").toString()).contains("-Xmn160m"));
    }

    /**
     * Reading commands leave the code that only opens a vault to C1 (and the JVM says nothing of
     * it); seal and add their walk and manifest writing, keeping C2 for the byte loops; extract
     * keeps C2 for all.
     */
    @Test
    void readingCommandsLeaveOpenOnlyCodeToC1() throws Exception {
        String budget = "-XX:CompileCommand=MaxNodeLimit,com/fasterxml/*.*,1";
        for (String command : List.of("ls", "verify", "info", "scrub")) {
            String line = javaLine(command, headerOnly(command + ".av3", 1 << 20).toString());
            assertTrue(line.contains(budget) && line.indexOf("-XX:CompileCommand=quiet") < line.indexOf(budget), line);
        }
        String line = javaLine("cat", headerOnly("c.av3", 1 << 20).toString(), "some/file");
        assertTrue(line.contains(budget), line);
        for (String command : List.of("seal", "add")) {
            String edit = javaLine(command, tmp.resolve("missing").toString(), "-o", tmp.resolve("out.av3").toString());
            assertFalse(edit.contains("MaxNodeLimit"), edit); // all C2 or, with the C gear scan, all C1
        }
        assertFalse(javaLine("extract", tmp.resolve("missing").toString(), "-o", tmp.resolve("out").toString()).contains("MaxNodeLimit"));
    }

    /**
     * Seal and add hold every file's entry until the commit, and a tree's size is unknown before
     * the walk: they may take a quarter of the machine's memory (at most 4 GiB, at least the
     * default), in a fixed 64 MiB young generation; the reading commands keep their sizing.
     */
    @Test
    void sealAndAddMayTakeAQuarterOfTheMemory() throws Exception {
        long memMib = 0;
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal:")) {
                memMib = Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        long expected = Math.max(256, Math.min(4096, memMib / 4));
        for (String command : List.of("seal", "add")) {
            String line = javaLine(command, tmp.resolve("missing").toString(), "-o", tmp.resolve("out.av3").toString());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("-Xmx(\\d+)m -Xmn64m ").matcher(line);
            assertTrue(m.find(), line);
            long got = Long.parseLong(m.group(1));
            // A cgroup limit below the machine's memory can only lower it.
            assertTrue(got >= 256 && got <= expected, command + ": " + got + " of at most " + expected);
            assertTrue(got == expected || Files.exists(Path.of("/sys/fs/cgroup/memory.max"))
                    || Files.exists(Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes")), line);
        }
        for (String command : List.of("ls", "verify", "extract")) {
            assertFalse(javaLine(command, headerOnly(command + ".av3", 1 << 20).toString()).contains("-Xmn64m"), command);
        }
    }

    /** `vault correct` runs its loops in C and leaves the JVM's glue to C1 alone, whatever is beside the jar. */
    @Test
    void correctRunsOnC1Alone() throws Exception {
        assertTrue(javaLine("correct", "gen", tmp.resolve("missing").toString()).contains("-XX:TieredStopAtLevel=1"));
        for (String command : List.of("seal", "verify", "extract")) {
            assertFalse(javaLine(command, tmp.resolve("missing").toString()).contains("TieredStopAtLevel"), command);
        }
    }

    /**
     * Seal and add run on C1 alone where the jar's C library is beside it (their gear scan is
     * then C); without it, or with the Java code forced, the Java gear scan keeps C2.
     */
    @Test
    void sealAndAddRunOnC1AloneWhereTheGearScanIsInC() throws Exception {
        Path lib = tmp.resolve("native/org/vaultfs/crypt/native/libvaultfs-native.so");
        Files.createDirectories(lib.getParent());
        Files.write(lib, new byte[0]);
        for (String command : List.of("seal", "add")) {
            String[] args = {command, tmp.resolve("missing").toString(), "-o", tmp.resolve("out.av3").toString()};
            assertTrue(javaLine(args).contains(" -XX:TieredStopAtLevel=1 "), command);
            assertFalse(javaLineWithOptions("-Dvaultfs.native=false", args).contains("TieredStopAtLevel"), command);
        }
        for (String command : List.of("verify", "extract", "mv")) {
            assertFalse(javaLine(command, tmp.resolve("missing").toString()).contains("TieredStopAtLevel"), command);
        }
        Files.delete(lib);
        assertFalse(javaLine("seal", tmp.resolve("missing").toString(), "-o", tmp.resolve("out.av3").toString()).contains("TieredStopAtLevel"));
    }

    /** The heap starts at what opening the vault keeps (64 MiB + 12 x its stored manifest, within the cap). */
    @Test
    void aMountStartsAtItsVaultsSizeAndCapsNativeMemoryByItsCache() throws Exception {
        String line = javaLine("mount", headerOnly("v.av3", 1 << 20).toString(), tmp.toString(), "--cache-size", "16M");
        assertTrue(line.contains("-Xmx256m -Xms76m -Xmn48m "), line);
        assertTrue(javaLine("mount", headerOnly("u.av3", 10 << 20).toString(), tmp.toString()).contains("-Xmx256m -Xms184m -Xmn48m "));
        assertTrue(javaLine("mount", headerOnly("t.av3", 100L << 20).toString(), tmp.toString()).contains("-Xmx464m -Xms464m -Xmn48m "),
                "no more than the cap");
        assertTrue(line.contains("-XX:MaxDirectMemorySize=272m "), line);
        line = javaLine("mount", headerOnly("w.av3", 1 << 20).toString(), tmp.toString(), "--cache-size=1G");
        assertTrue(line.contains("-XX:MaxDirectMemorySize=1280m "), line);
        assertTrue(javaLine("ls", headerOnly("x.av3", 1 << 20).toString()).contains("-XX:MaxDirectMemorySize=256m "),
                "other commands: only Argon2id's 128 MiB and NIO's buffers are native");
    }
}

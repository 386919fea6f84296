package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.container.Entry;
import org.vaultfs.container.VaultForge;
import org.vaultfs.container.VaultHeader;

/**
 * An authentic manifest just under the 128 MiB cap whose one entry lists a chunk three million
 * times: ls, verify and extract run in the heap the launcher gives such a vault (64 MiB plus
 * four times the stored manifest), in a child JVM limited to exactly that.
 */
class HugeManifestTest {
    static final String PW = "huge manifest password";
    static final int REFERENCES = 3_000_000;

    @TempDir
    Path tmp;

    @Test
    void oneChunkListedThreeMillionTimesWorksInTheDocumentedHeap() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Path vault = tmp.resolve("v.aerovault");
        assertEquals(0, new Cli().password(PW).run("seal", src.toString(), "-o", vault.toString(), "--no-metadata").exit());
        long[] size = new long[1];
        VaultForge f = VaultForge.load(vault, PW.getBytes(StandardCharsets.UTF_8)).editManifest(m -> {
            String id = m.entries.stream().filter(e -> !e.isDir()).findFirst().orElseThrow().chunks().get(0);
            List<String> chunks = new ArrayList<>(Collections.nCopies(REFERENCES, id));
            size[0] = REFERENCES * m.chunks.get(id).plaintextLen();
            m.entries.add(new Entry("many.bin", size[0], m.entries.get(0).modified(), false, chunks, null));
            m.sortEntries();
        });
        Path forged = f.writeTo(tmp.resolve("huge.aerovault"));
        long manifestLen = VaultHeader.parse(java.util.Arrays.copyOf(Files.readAllBytes(forged), VaultHeader.SIZE)).manifestLen();
        assertTrue(manifestLen > 100_000_000L && manifestLen < 128L << 20, "manifest of " + manifestLen + " bytes");
        long heapMib = Math.max(256, 64 + 4 * ((manifestLen + (1 << 20) - 1) >> 20));

        Path pw = Files.writeString(tmp.resolve("pw"), PW + "\n");
        assertEquals("", child(heapMib, "ls", forged.toString(), "many.bin", "--password-file", pw.toString()));
        assertEquals("", child(heapMib, "verify", forged.toString(), "--password-file", pw.toString()));
        Path out = tmp.resolve("out");
        assertEquals("", child(heapMib, "extract", forged.toString(), "-o", out.toString(), "many.bin", "--no-fsync",
                "--password-file", pw.toString()));
        assertEquals(size[0], Files.size(out.resolve("many.bin")));
    }

    /** Runs `vault ARGS` in a JVM with {@code heapMib} of heap; returns stderr lines other than the summary. */
    String child(long heapMib, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heapMib + "m", "-XX:+UseParallelGC", "-cp",
                MountCommandTest.testClassPath(), VaultMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err;
        try {
            err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), args[0] + " did not finish");
        } finally {
            p.destroyForcibly();
        }
        assertFalse(err.contains("out of memory"), args[0] + ": " + err);
        assertEquals(0, p.exitValue(), args[0] + ": " + err);
        return err.lines().filter(l -> l.startsWith("vault: ")).reduce("", (a, b) -> a + b + "\n");
    }
}

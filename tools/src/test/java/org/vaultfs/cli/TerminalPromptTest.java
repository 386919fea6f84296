package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password prompt on a real terminal (a pseudo-terminal from script(1)), as a user types at it. */
class TerminalPromptTest {
    @TempDir
    Path tmp;

    @Test
    void aMistypedConfirmationAsksAgainOnTheTerminal() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/script"))) {
            System.err.println("SKIPPED: terminal prompt test: no script(1) to make a pseudo-terminal");
            Assumptions.abort("no script(1)");
        }
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        Path v = tmp.resolve("v.aerovault");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "'" + java + "' -cp '" + MountCommandTest.testClassPath() + "' " + VaultMain.class.getName()
                + " seal '" + src + "' -o '" + v + "'";
        Process p = new ProcessBuilder("/usr/bin/script", "-qec", cmd, "/dev/null").redirectErrorStream(true).start();
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (java.io.InputStream in = p.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                seen.append("\n[reading the terminal failed: ").append(e).append(']');
            }
        });
        reader.start();
        // Each line is typed only once its prompt shows: the prompt turns echo off first, and a
        // line typed before that is echoed, or dropped when the terminal's mode changes.
        String[] typed = {"typed password", "typo password", "right password", "right password"};
        for (int i = 0; i < typed.length; i++) {
            awaitPrompts(seen, i + 1);
            p.getOutputStream().write((typed[i] + "\n").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), seen.toString());
        reader.join(10_000);
        String out = seen.toString();
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("the passwords do not match; try again"), out);
        assertTrue(out.contains("sealed 1 file"), out);
        assertEquals(0, new Cli().password("right password").run("ls", v.toString()).exit());
    }

    /** Waits until the terminal has shown {@code n} password prompts ("...password: "). */
    private static void awaitPrompts(StringBuffer seen, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.toString().split("assword: ", -1).length - 1 < n) {
            assertTrue(System.nanoTime() < deadline, "no prompt " + n + " within 30 s; the terminal showed:\n" + seen);
            Thread.sleep(20);
        }
    }
}

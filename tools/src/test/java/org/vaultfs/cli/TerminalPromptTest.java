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
        p.getOutputStream().write("typed password\ntypo password\nright password\nright password\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("the passwords do not match; try again"), out);
        assertTrue(out.contains("sealed 1 file"), out);
        assertEquals(0, new Cli().password("right password").run("ls", v.toString()).exit());
    }
}

package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Started in a directory that was removed, the launcher says so in one line: the JVM would stop with a stack trace. */
class LauncherRemovedDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aRemovedWorkingDirectoryIsOneLineAndAUsageExit() throws Exception {
        Path jar = LauncherMountTest.manifestOnlyJar(tmp.resolve("vault.jar"));
        Path gone = Files.createDirectory(tmp.resolve("gone"));
        Path launcher = Path.of(System.getProperty("vaultfs.root", ".."), "vault").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "cd \"$1\" && rmdir \"$1\" && exec \"$2\" --version 2>&1", "sh",
                gone.toString(), launcher.toString());
        pb.environment().put("VAULT_JAR", jar.toString());
        pb.environment().remove("VAULT_JAVA_OPTS");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not return");
        assertEquals(2, p.exitValue(), out);
        assertTrue(out.contains("vault: the current directory no longer exists"), out);
        assertTrue(!out.contains("\tat "), "a stack trace: " + out);
    }
}

package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a restic user hands over a password, in restic's order of precedence. */
class PasswordSourcesTest {
    static final String PW = "sources password";

    @TempDir
    Path tmp;
    Path vault;
    Path pwFile;

    @BeforeEach
    void seal() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        vault = tmp.resolve("v.aerovault");
        assertEquals(0, new Cli().password(PW).run("seal", src.toString(), "-o", vault.toString()).exit());
        pwFile = Files.writeString(tmp.resolve("pw"), PW + "\n");
    }

    static Cli env(String... kv) {
        Cli c = new Cli();
        for (int i = 0; i < kv.length; i += 2) {
            c.env.put(kv[i], kv[i + 1]);
        }
        return c;
    }

    @Test
    void commandsFilesAndTheEnvironment() {
        assertEquals(0, new Cli().run("ls", vault.toString(), "--password-command", "printf '%s\\n' '" + PW + "'").exit());
        assertEquals(0, env("VAULT_PASSWORD_FILE", pwFile.toString()).run("ls", vault.toString()).exit());
        assertEquals(0, env("VAULT_PASSWORD_COMMAND", "cat " + pwFile).run("ls", vault.toString()).exit());
        // Precedence: the option's file before the environment's password.
        assertEquals(0, env("VAULT_PASSWORD", "wrong password").run("ls", vault.toString(), "--password-file", pwFile.toString()).exit());
        assertEquals(0, env("VAULT_PASSWORD", "wrong password", "VAULT_PASSWORD_FILE", pwFile.toString()).run("ls", vault.toString()).exit());
        Cli.Result failing = new Cli().run("ls", vault.toString(), "--password-command", "exit 3");
        assertEquals(2, failing.exit(), failing::toString);
        assertTrue(failing.stderr().contains("exit status 3"), failing.stderr());
        Cli.Result silent = new Cli().run("ls", vault.toString(), "--password-command", "true");
        assertEquals(2, silent.exit(), silent::toString);
    }

    @Test
    void passwordOptionsBeforeTheCommand() {
        Cli.Result r = new Cli().run("--password-file", pwFile.toString(), "ls", vault.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("a.txt"), r.stdout().lines().toList());
        assertEquals(0, new Cli().run("--password-file=" + pwFile, "parity", "export", vault.toString()).exit());
        assertArrayEquals(new String[] {"ls", "v", "--password-file", "pw"},
                GlobalOptions.moveAfterCommand(new String[] {"--password-file", "pw", "ls", "v"}));
        assertArrayEquals(new String[] {"--debug", "cat", "v", "--password-command", "c", "--", "-f"},
                GlobalOptions.moveAfterCommand(new String[] {"--debug", "--password-command", "c", "cat", "v", "--", "-f"}));
    }

    @Test
    void passwordFileDashReadsStandardInput() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", MountCommandTest.testClassPath(), VaultMain.class.getName(),
                "ls", vault.toString(), "--password-file", "-").redirectErrorStream(true).start();
        p.getOutputStream().write((PW + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("a.txt"), out);
    }
}

package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Non-ASCII file names are sealed whatever locale the launcher is started under: without a
 * UTF-8 one (none at all, as under cron or systemd, or LC_ALL=C) the JVM mapped names as
 * ASCII and the launcher's seal left every such file out as "not valid UTF-8".
 */
class LauncherLocaleTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private Run launcher(Path jar, Map<String, String> locale, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("vaultfs.root", ".."), "vault").toString());
        pb.command().addAll(List.of(args));
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_") || k.equals("VAULT_JAVA_OPTS"));
        pb.environment().putAll(locale);
        pb.environment().put("VAULT_JAR", jar.toString());
        pb.environment().put("VAULT_PASSWORD", "locale-test-password");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not return");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    @Test
    void nonAsciiNamesAreSealedUnderAnyLocale() throws Exception {
        String jnu = System.getProperty("sun.jnu.encoding", "");
        assumeTrue(jnu.equalsIgnoreCase("UTF-8"), "this JVM cannot create the test's names (" + jnu + ")");
        Path jar = LauncherMountTest.manifestOnlyJar(tmp.resolve("vault.jar"));
        Path src = Files.createDirectories(tmp.resolve("src/d\u00e9j\u00e0"));
        Files.writeString(src.resolve("\u00e9 \u00f1 \u4e2d.txt"), "x");
        Files.writeString(src.resolve("plain.txt"), "y");
        int n = 0;
        for (Map<String, String> locale : List.of(Map.<String, String>of(), Map.of("LC_ALL", "C"), Map.of("LANG", "C"),
                Map.of("LANG", "C.UTF-8", "LC_CTYPE", "POSIX"), Map.of("LANG", "C.UTF-8"))) {
            Path v = tmp.resolve("v" + n++ + ".av3");
            Run seal = launcher(jar, locale, "seal", tmp.resolve("src").toString(), "-o", v.toString(), "-q");
            assertEquals(0, seal.exit(), locale + ": " + seal.err());
            Run ls = launcher(jar, Map.of("LANG", "C.UTF-8"), "ls", v.toString());
            assertEquals(0, ls.exit(), ls.err());
            assertEquals(List.of("d\u00e9j\u00e0/", "d\u00e9j\u00e0/plain.txt", "d\u00e9j\u00e0/\u00e9 \u00f1 \u4e2d.txt"),
                    ls.out().lines().toList(), locale.toString());
        }
    }
}

package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vaultfs.error.Failure;
import org.vaultfs.testing.Fixtures;

/** What users see: documented exit codes, progress, summaries, number formatting, --debug. */
class PresentationTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExitCodeTableMatchesTheCode() throws IOException {
        String root = System.getProperty("vaultfs.root", "..");
        String readme = Files.readString(Path.of(root, "README.md"));
        Pattern row = Pattern.compile("^\\| (\\d+) \\| ([^|]+) \\|([^|]*)\\|$", Pattern.MULTILINE);
        Map<Integer, String> meanings = new TreeMap<>();
        Map<Integer, List<String>> ids = new TreeMap<>();
        Matcher m = row.matcher(readme);
        while (m.find()) {
            int code = Integer.parseInt(m.group(1));
            meanings.put(code, m.group(2).strip());
            List<String> list = new ArrayList<>();
            for (String id : m.group(3).split(",")) {
                if (!id.isBlank()) {
                    list.add(id.strip().replace("`", ""));
                }
            }
            ids.put(code, list);
        }
        assertEquals(new TreeMap<>(ExitCodes.table()), meanings);
        for (Failure f : Failure.values()) {
            assertTrue(ids.get(f.exitCode()).contains(f.id()), f.id() + " missing from README row " + f.exitCode());
        }
    }

    @Test
    void progressIsDrawnOnlyOnATerminalAndErasedBeforeTheSummary() {
        String golden = Fixtures.require("aerovault3_golden.av3").toString();
        Cli term = new Cli().password(Fixtures.GOLDEN_PASSWORD);
        term.terminal = true;
        Cli.Result r = term.run("extract", golden, "-o", tmp.resolve("a").toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.stderr().contains("\rextracting ["), r.stderr());
        String afterBar = r.stderr().substring(r.stderr().lastIndexOf('\r') + 1);
        assertTrue(afterBar.startsWith("extracted 3 files"), afterBar);

        Cli.Result plain = new Cli().password(Fixtures.GOLDEN_PASSWORD).run("extract", golden, "-o", tmp.resolve("b").toString());
        assertFalse(plain.stderr().contains("\r"), plain.stderr());
    }

    @Test
    void theProgressLineShowsRateAndEtaAndFitsTheTerminal() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        CliEnv env = new CliEnv(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of(), null, true,
                org.vaultfs.testing.CachingKdf.INSTANCE);
        try (ProgressBar bar = new ProgressBar(env, "sealing", 100L << 20)) {
            bar.set(10L << 20, 100L << 20, "docs/" + "a-rather-long-directory-name/".repeat(6) + "file.txt");
            Thread.sleep(600); // the rate is shown once there is half a second of history
            bar.set(20L << 20, 100L << 20, "docs/b.txt");
            bar.fileDone("docs/c.txt");
        }
        String[] frames = err.toString(java.nio.charset.StandardCharsets.UTF_8).split("\r");
        String last = java.util.Arrays.stream(frames).filter(f -> f.startsWith("sealing")).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.contains("/s  ETA ") && last.contains(" files"), last);
        for (String f : frames) {
            assertTrue(f.strip().length() <= HelpWrap.terminalWidth(), "fits the terminal: " + f);
        }
    }

    @Test
    void debugAddsAStackTraceOtherwiseOneLine() {
        String missing = tmp.resolve("missing.av3").toString();
        assertEquals(1, new Cli().run("ls", missing).errLines().size());
        Cli.Result debug = new Cli().run("--debug", "ls", missing);
        assertEquals(10, debug.exit());
        assertTrue(debug.errLines().size() > 2, debug.stderr());
        assertTrue(debug.stderr().contains("VaultException"), debug.stderr());
    }

    @Test
    void anEmptyPasswordFileLineIsRejected() throws IOException {
        Path f = Files.writeString(tmp.resolve("pw"), "\nsecret on line two\n");
        Cli.Result r = new Cli().run("ls", "--password-file", f.toString(), Fixtures.require("aerovault3_golden.av3").toString());
        assertEquals(2, r.exit(), r::toString);
        assertEquals(1, r.errLines().size());
    }

    @Test
    void humanNumbers() {
        assertEquals("0 B", Human.bytes(0));
        assertEquals("1023 B", Human.bytes(1023));
        assertEquals("1.00 KiB", Human.bytes(1024));
        assertEquals("412 MiB", Human.bytes(412L << 20));
        assertEquals("80.5 MiB", Human.bytes((long) (80.5 * (1 << 20))));
        assertEquals("1.02 GiB", Human.bytes(1_100_000_000L));
        assertEquals("1,234", Human.count(1234));
        assertEquals("1 file", Human.plural(1, "file", "files"));
        assertEquals("2 files", Human.plural(2, "file", "files"));
        assertEquals("a\\x1b[31mb\\x0a", Human.path("a\u001b[31mb\n"));
    }
}

package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help on every node of the command tree, read from picocli's model so no command can miss it. */
class HelpTest {
    static CommandLine node(List<String> path) {
        CommandLine cl = new CommandLine(new VaultMain(new CliEnv(System.out, System.err, java.util.Map.of(), null, false,
                org.vaultfs.testing.CachingKdf.INSTANCE)));
        VaultMain.addSubcommands(cl, new String[0]);
        CommandTree.decorate(cl);
        for (String name : path) {
            cl = cl.getSubcommands().get(name);
        }
        return cl;
    }

    /** Every command path below `vault`, e.g. [seal], [parity, export]. */
    static List<List<String>> commandPaths() {
        CommandLine cl = new CommandLine(new VaultMain(new CliEnv(System.out, System.err, java.util.Map.of(), null, false,
                org.vaultfs.testing.CachingKdf.INSTANCE)));
        VaultMain.addSubcommands(cl, new String[0]);
        CommandTree.decorate(cl);
        List<List<String>> out = new ArrayList<>();
        collect(cl, new ArrayList<>(), out);
        return out;
    }

    private static void collect(CommandLine node, List<String> path, List<List<String>> out) {
        for (var e : node.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void everyCommandAndSubcommandHasHelp() {
        // picocli reports a description it cannot format (an unescaped %) on System.err.
        java.io.PrintStream realErr = System.err;
        java.io.ByteArrayOutputStream picocliErr = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(picocliErr, true));
        try {
            walkTheTree();
        } finally {
            System.setErr(realErr);
        }
        assertEquals("", picocliErr.toString(), "picocli's warnings while rendering help");
    }

    private void walkTheTree() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() >= 23, "the tree walk found " + paths);
        assertTrue(paths.contains(List.of("parity", "export")) && paths.contains(List.of("correct", "gen")), paths.toString());
        for (List<String> p : paths) {
            String usage = "Usage: vault " + String.join(" ", p) + " ";
            // -h is help everywhere but where it has its GNU meaning (ls -h: human sizes).
            var dashH = node(p).getCommandSpec().findOption("-h");
            List<String> flags = dashH != null && dashH.usageHelp() ? List.of("--help", "-h") : List.of("--help");
            assertTrue(flags.size() == 2 || p.equals(List.of("ls")), p + " lost -h for help");
            for (String flag : flags) {
                List<String> args = new ArrayList<>(p);
                args.add(flag);
                Cli.Result r = new Cli().run(args.toArray(new String[0]));
                assertEquals(0, r.exit(), args + ": " + r);
                assertTrue(r.stdout().startsWith(usage), args + ": " + r.stdout());
                assertEquals("", r.stderr(), args + ": help prints nothing on stderr (picocli warns there of a bad format)");
                assertFalse(r.stdout().contains("%%"), args + ": an escaped % left in the text");
                assertFitsTheWidth(r.stdout(), args.toString());
            }
            List<String> help = new ArrayList<>(List.of("help"));
            help.addAll(p);
            Cli.Result r = new Cli().run(help.toArray(new String[0]));
            assertEquals(0, r.exit(), help + ": " + r);
            assertTrue(r.stdout().startsWith(usage), help + ": " + r.stdout());
            assertFitsTheWidth(r.stdout(), help.toString());
        }
    }

    @Test
    void noOptionHasATypeWhoseConverterIsLeftOut() {
        List<String> offending = new ArrayList<>();
        CommandLine root = node(List.of());
        List<CommandLine> nodes = new ArrayList<>(List.of(root));
        for (List<String> p : commandPaths()) {
            nodes.add(node(p));
        }
        for (CommandLine n : nodes) {
            for (CommandLine.Model.ArgSpec a : n.getCommandSpec().args()) {
                List<Class<?>> types = new ArrayList<>(List.of(a.type()));
                types.addAll(Arrays.asList(a.auxiliaryTypes()));
                for (Class<?> t : types) {
                    if (t.getName().matches(VaultMain.EXCLUDED_CONVERTERS) && a.converters().length == 0) {
                        offending.add(n.getCommandName() + " " + a + ": " + t.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), offending, "picocli is told not to register converters for these types (VaultMain)");
        assertTrue("java.time.Duration".matches(VaultMain.EXCLUDED_CONVERTERS) && !"java.nio.file.Path".matches(VaultMain.EXCLUDED_CONVERTERS));
    }

    @Test
    void topLevelHelpAndVersion() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}, {}}) {
            Cli.Result r = new Cli().run(args);
            assertEquals(0, r.exit(), Arrays.toString(args));
            assertTrue(r.stdout().startsWith("Usage: vault "), r.stdout());
            assertTrue(r.stdout().contains("Exit codes:"), r.stdout());
            assertFitsTheWidth(r.stdout(), Arrays.toString(args));
        }
        Cli.Result v = new Cli().run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.stdout().startsWith("vault "), v.stdout());
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Cli.Result r = new Cli().run("sael", "x");
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("did you mean 'seal'?"), r.stderr());
        Cli.Result sub = new Cli().run("parity", "exprot");
        assertEquals(2, sub.exit());
        assertTrue(sub.stderr().contains("did you mean 'export'?"), sub.stderr());
        Cli.Result none = new Cli().run("frobnicate");
        assertFalse(none.stderr().contains("did you mean"), none.stderr());
        Cli.Result help = new Cli().run("help", "parity", "strp");
        assertEquals(2, help.exit());
        assertTrue(help.stderr().contains("did you mean 'strip'?"), help.stderr());
    }

    @Test
    void wrappingBreaksOnlyAtSpaces() {
        String line = "      --ec-placement=WHERE   embedded (default), detached (VAULT.aerocorrect) or both; needs"
                + " --ec. See https://example.org/a-long/path.html for photos -> [DIR/]photos/...";
        List<String> tokens = List.of(line.trim().split("\\s+"));
        for (int width = 40; width <= 120; width++) {
            String wrapped = HelpWrap.wrap(line, width, false);
            assertEquals(tokens, List.of(wrapped.trim().split("\\s+")), "width " + width);
            for (String l : wrapped.split("\n")) {
                assertTrue(l.length() <= width || !l.trim().contains(" "), "width " + width + ": " + l);
            }
            String[] lines = wrapped.split("\n");
            for (int i = 1; i < lines.length; i++) {
                assertTrue(lines[i].startsWith(" ".repeat(29)), "continuation under the text column: " + lines[i]);
            }
        }
    }

    static void assertFitsTheWidth(String help, String what) {
        for (String l : help.split("\n")) {
            assertTrue(l.length() <= 79 || !l.trim().contains(" "), what + ": line of " + l.length() + ": " + l);
        }
    }
}

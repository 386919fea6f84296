package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which subcommands a command line registers (only the one it runs, to start faster). */
class VaultMainTest {
    static Set<String> registered(String... args) {
        CommandLine cl = new CommandLine(new VaultMain(null));
        VaultMain.addSubcommands(cl, args);
        return cl.getSubcommands().keySet();
    }

    @Test
    void aKnownSubcommandIsRegisteredAlone() {
        assertEquals(Set.of("mount"), registered("mount", "v.av3", "/mnt", "--background"));
        assertEquals(Set.of("ls"), registered("--debug", "ls", "-l", "v.av3"));
        assertEquals(Set.of("correct"), registered("correct", "gen", "v.av3"));
    }

    @Test
    void helpVersionAndUnknownNamesGetEverySubcommandInHelpOrder() {
        List<String> all = VaultMain.SUBCOMMANDS.stream().map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList();
        assertEquals(22, all.size());
        for (String[] args : new String[][] {{}, {"--help"}, {"-V"}, {"frobnicate"}, {"--", "ls"}}) {
            assertEquals(all, List.copyOf(registered(args)), String.join(" ", args));
        }
    }
}

package org.vaultfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which subcommands a command line registers (only the one it runs, to start faster), and the out-of-memory line. */
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

    @Test
    void anOutOfMemoryLineNamesTheRemedyForWhatRanOut() {
        assertEquals("vault: out of memory (Java heap space); give the JVM more heap, e.g. VAULT_JAVA_OPTS=-Xmx1g",
                VaultMain.outOfMemoryLine(new OutOfMemoryError("Java heap space")));
        assertEquals("vault: out of memory (GC overhead limit exceeded); give the JVM more heap, e.g. VAULT_JAVA_OPTS=-Xmx1g",
                VaultMain.outOfMemoryLine(new OutOfMemoryError("GC overhead limit exceeded")));
        assertEquals("vault: out of memory (Cannot reserve 8388608 bytes of direct buffer memory (allocated: 1, limit: 2)); "
                        + "give the JVM more native buffers, e.g. VAULT_JAVA_OPTS=-XX:MaxDirectMemorySize=1g",
                VaultMain.outOfMemoryLine(new OutOfMemoryError("Cannot reserve 8388608 bytes of direct buffer memory (allocated: 1, limit: 2)")));
        assertEquals("vault: out of memory (Unable to allocate 134217728 bytes); "
                        + "the system refused memory: check this process's limits (ulimit -v, the cgroup's memory.max)",
                VaultMain.outOfMemoryLine(new OutOfMemoryError("Unable to allocate 134217728 bytes")));
    }
}

package org.vaultfs.cli;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vault help [COMMAND [SUBCOMMAND]]}: the help of any node of the tree, named by its
 * path from where {@code help} was given (picocli's own help command goes one level only).
 */
@Command(name = "help", description = "Show the help of a command (vault help parity export).", helpCommand = true)
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and subcommand, to describe.")
    List<String> names = List.of();

    private CommandLine self;
    private PrintStream out;
    private CommandLine.Help.Ansi ansi;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, java.io.PrintWriter outWriter,
                     java.io.PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.ansi = colorScheme.ansi();
        this.out = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                outWriter.write(b);
            }

            @Override
            public void flush() {
                outWriter.flush();
            }
        }, true);
    }

    @Override
    public void run() {
        CommandLine node = self.getParent();
        for (String name : names) {
            CommandLine next = node.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(self, "unknown command: " + String.join(" ", names)
                        + Suggestions.hint(name, node.getSubcommands().keySet()));
            }
            node = next;
        }
        node.usage(out, ansi);
        out.flush();
    }
}

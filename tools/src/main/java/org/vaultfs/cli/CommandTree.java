package org.vaultfs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every node of the command tree gets, whatever its annotations say: {@code -h/--help},
 * a {@code help} subcommand where there are subcommands, and help text wrapped to the
 * terminal. Applied to the model once it is built, so a new command cannot miss it.
 */
final class CommandTree {
    private CommandTree() {
    }

    static void decorate(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder(spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"})
                    .usageHelp(true).description("Show this help message and exit.").build());
        }
        HelpWrap.apply(cl);
        if (!cl.getSubcommands().isEmpty() && !cl.getSubcommands().containsKey("help")) {
            cl.addSubcommand("help", new HelpCommand());
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub != cl && !(sub.getCommand() instanceof HelpCommand)) {
                decorate(sub);
            }
        }
    }
}

package org.vaultfs.cli;

import java.util.Locale;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vault completion bash|zsh}: a completion script generated from the same command model as the help. */
@Command(name = "completion", description = {"Print a shell completion script for bash or zsh.",
        "bash: source <(vault completion bash); zsh: source <(vault completion zsh)"})
final class CompletionCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        String s = shell.toLowerCase(Locale.ROOT);
        if (!s.equals("bash") && !s.equals("zsh")) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "no completion for " + shell + " (bash or zsh)");
        }
        CommandLine all = new CommandLine(new VaultMain(env()));
        VaultMain.addSubcommands(all, new String[0]);
        CommandTree.decorate(all);
        String script = AutoComplete.bash("vault", all);
        if (s.equals("zsh")) {
            // zsh runs bash completion functions through bashcompinit.
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        env().out().print(script);
        return 0;
    }
}

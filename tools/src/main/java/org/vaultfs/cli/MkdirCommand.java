package org.vaultfs.cli;

import java.util.ArrayList;
import java.util.List;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.TreeEdit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Creates directories with their parents (mkdir -p: an existing directory is not an error). */
@Command(name = "mkdir", description = "Create directories in a vault (parents too; existing ones are fine).")
final class MkdirCommand extends VaultCommand {
    @Mixin
    EditedVault vault;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
    List<String> dirs = new ArrayList<>();

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        List<String> created = new ArrayList<>();
        try (TreeEdit ed = openEditor(vault, password, EditOptions.defaults())) {
            for (String d : dirs) {
                if (ed.mkdir(d)) {
                    created.add(Human.path(d));
                }
            }
            // Nothing new: leave the vault file untouched (close() discards the session).
            if (!created.isEmpty()) {
                ed.commit();
            }
        }
        summary(created.isEmpty() ? "nothing to do: already present" : "created " + String.join(", ", created));
        return 0;
    }
}

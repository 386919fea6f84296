package org.vaultfs.cli;

import java.util.ArrayList;
import java.util.List;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.TreeEdit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Removes entries; the commit drops blocks nothing references any more, so space is reclaimed. */
@Command(name = "rm", description = "Remove files or directories from a vault (non-empty directories need -r).")
final class RmCommand extends VaultCommand {
    @Mixin
    EditedVault vault;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
    List<String> targets = new ArrayList<>();

    @Option(names = {"-r", "--recursive"}, description = "Remove directories and everything under them.")
    boolean recursive;

    @Option(names = {"-n", "--dry-run"}, description = "Say what would be removed; the vault is not written.")
    boolean dryRun;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        int removed = 0;
        try (TreeEdit ed = openEditor(vault, password, EditOptions.defaults())) {
            for (String t : targets) {
                removed += ed.remove(t, recursive);
            }
            if (!dryRun) {
                ed.commit();
            }
        }
        summary((dryRun ? "dry run: would remove " : "removed ") + Human.plural(removed, "entry", "entries")
                + (dryRun ? "; nothing written" : ""));
        return 0;
    }
}

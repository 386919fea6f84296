package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Renames a file or a directory subtree; TO is the new path and must not exist. No block is rewritten. */
@Command(name = "mv", description = "Move or rename a file or directory inside a vault (TO must not exist).")
final class MvCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT")
    Path vault;

    @Parameters(index = "1", paramLabel = "FROM")
    String from;

    @Parameters(index = "2", paramLabel = "TO")
    String to;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        try (VaultEditor ed = openEditor(vault, password, EditOptions.defaults())) {
            ed.move(from, to);
            ed.commit();
        }
        summary("moved " + Human.path(from) + " -> " + Human.path(to));
        return 0;
    }
}

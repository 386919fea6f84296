package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.VaultEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Copies a file or a directory subtree inside a vault (the reference CLI's copy); the copy shares the original's blocks. */
@Command(name = "cp", description = {"Copy a file or directory inside a vault (TO must not exist).",
        "The copy shares the original's blocks: nothing is re-encrypted and the vault grows by its manifest only."})
final class CpCommand extends VaultCommand {
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
            ed.copy(from, to);
            ed.commit();
        }
        summary("copied " + Human.path(from) + " -> " + Human.path(to));
        return 0;
    }
}

package org.vaultfs.cli;

import org.vaultfs.container.EditOptions;
import org.vaultfs.container.TreeEdit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** mv and cp: one entry or subtree to a new path that must not exist; no block is rewritten. */
abstract class RelocateCommand extends VaultCommand {
    @Mixin
    EditedVault vault;

    @Parameters(index = "1", paramLabel = "FROM")
    String from;

    @Parameters(index = "2", paramLabel = "TO")
    String to;

    @Mixin
    PasswordOptions password;

    abstract void relocate(TreeEdit ed, String source, String destination);

    /** The summary's verb: "moved", "copied". */
    abstract String done();

    @Override
    public Integer call() {
        try (TreeEdit ed = openEditor(vault, password, EditOptions.defaults())) {
            relocate(ed, from, to);
            ed.commit();
        }
        summary(done() + " " + Human.path(from) + " -> " + Human.path(to));
        return 0;
    }
}

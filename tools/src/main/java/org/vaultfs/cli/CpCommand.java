package org.vaultfs.cli;

import org.vaultfs.container.TreeEdit;
import picocli.CommandLine.Command;

/** Copies a file or a directory subtree inside a vault (the reference CLI's copy); the copy shares the original's blocks. */
@Command(name = "cp", description = {"Copy a file or directory inside a vault (TO must not exist).",
        "The copy shares the original's blocks: nothing is re-encrypted and the vault grows by its manifest only."})
final class CpCommand extends RelocateCommand {
    @Override
    void relocate(TreeEdit ed, String source, String destination) {
        ed.copy(source, destination);
    }

    @Override
    String done() {
        return "copied";
    }
}

package org.vaultfs.cli;

import org.vaultfs.container.TreeEdit;
import picocli.CommandLine.Command;

/** Renames a file or a directory subtree; TO is the new path and must not exist. No block is rewritten. */
@Command(name = "mv", description = "Move or rename a file or directory inside a vault (TO must not exist).")
final class MvCommand extends RelocateCommand {
    @Override
    void relocate(TreeEdit ed, String source, String destination) {
        ed.move(source, destination);
    }

    @Override
    String done() {
        return "moved";
    }
}

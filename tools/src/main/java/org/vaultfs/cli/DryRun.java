package org.vaultfs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.vaultfs.Vault;
import org.vaultfs.container.SourceFilter;
import org.vaultfs.container.SourceTree;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/**
 * seal and add with --dry-run: the same walk, filter and per-entry reports as the real thing,
 * totalled, with nothing read but names and sizes, no password asked and nothing written.
 */
final class DryRun {
    private DryRun() {
    }

    static int sources(VaultCommand c, String verb, List<Path> roots, SourceFilter filter, boolean verbose) {
        long files = 0;
        long bytes = 0;
        long dirs = 0;
        EntryReport report = new EntryReport(new ProgressBar(c.env().quietly(), verb, 0), verbose);
        for (Path root : roots) {
            if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                SourceTree.Plan p = Vault.plan(root, report, filter);
                files += p.files();
                bytes += p.bytes();
                dirs += p.directories();
            } else {
                try {
                    bytes += Files.size(root);
                    files++;
                } catch (java.nio.file.NoSuchFileException e) {
                    throw new VaultException(Failure.NOT_FOUND, "no such file: " + root);
                } catch (IOException e) {
                    throw VaultException.io("cannot read " + root, e);
                }
            }
        }
        StringBuilder sb = new StringBuilder("dry run: would ").append(verb).append(' ')
                .append(Human.plural(files, "file", "files")).append(" in ").append(Human.plural(dirs, "directory", "directories"))
                .append(", ").append(Human.bytes(bytes)).append(" before dedup and compression; nothing written");
        if (report.special() > 0) {
            sb.append("; would skip ").append(Human.plural(report.special(), "symlink or special file", "symlinks or special files"));
        }
        if (report.problems() > 0) {
            sb.append("; ").append(Human.plural(report.problems(), "entry", "entries")).append(" unreadable or unstorable (named above)");
        }
        c.summary(sb.toString());
        return report.exitCode();
    }
}

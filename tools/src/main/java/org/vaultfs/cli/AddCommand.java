package org.vaultfs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vaultfs.container.EditOptions;
import org.vaultfs.container.SourceFilter;
import org.vaultfs.container.EditStats;
import org.vaultfs.container.TreeEdit;
import org.vaultfs.container.VaultPaths;
import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Adds files and directories (by name, like cp -r) to an existing vault; same paths are replaced. */
@Command(name = "add", description = {"Add files or directories to a vault (a directory keeps its name: photos -> [DIR/]photos/...).",
        "An existing file at the same vault path is replaced."})
final class AddCommand extends VaultCommand {
    @Mixin
    EditedVault vault;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PATH")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--to", paramLabel = "DIR", description = "Vault directory to add into (default: the root).")
    String to;

    @Mixin
    SelectionOptions selection;

    @Mixin
    MetadataOptions meta;

    @Mixin
    IngestOutputOptions show;

    @Mixin
    PasswordOptions password;

    @Override
    public Integer call() {
        String prefix = to == null || to.isBlank() || to.strip().equals("/") ? "" : VaultPaths.normalize(to);
        List<String> dests = new ArrayList<>();
        for (Path p : paths) {
            Path name = p.toAbsolutePath().normalize().getFileName();
            if (name == null) {
                throw new VaultException(Failure.INVALID_ARGUMENT, "cannot add the filesystem root; add its contents with seal");
            }
            dests.add(VaultPaths.join(prefix, name.toString()));
        }
        SourceFilter filter = selection.filter();
        if (show.dryRun) {
            return DryRun.sources(this, "add", paths, filter, show.verbose);
        }
        SourceScan scan = SourceScan.forProgress(env(), paths);
        EditStats stats;
        EntryReport report;
        try (ProgressBar bar = new ProgressBar(env(), "adding", scan.bytes());
             TreeEdit ed = openEditor(vault, password, EditOptions.defaults().withSourceFilter(filter).withMetadata(meta.capture()).withProgress(report = new EntryReport(bar, show.verbose)))) {
            for (int i = 0; i < paths.size(); i++) {
                if (Files.isDirectory(paths.get(i))) {
                    ed.addTree(paths.get(i), dests.get(i));
                } else {
                    ed.addFile(paths.get(i), dests.get(i));
                }
            }
            stats = ed.commit();
        }
        if (show.json) {
            EditSummary.json(env(), "add", vault.toString(), stats, report);
        } else {
            summary(() -> EditSummary.line("added", stats, report));
        }
        return report.exitCode();
    }
}

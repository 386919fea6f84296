package org.vaultfs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vaultfs.container.SourceFilter;
import picocli.CommandLine.Option;

/** What seal and add leave out of the directories they walk, with restic's and tar's option names. */
public final class SelectionOptions {
    @Option(names = {"-e", "--exclude"}, paramLabel = "PATTERN",
            description = "Leave out what matches the glob PATTERN: a name at any depth (*.log), a path below the"
                    + " directory given (build/tmp) or an absolute path (/home/me/.cache). Repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--exclude-from", paramLabel = "FILE",
            description = "Read exclude patterns from FILE, one per line ('#' starts a comment). Repeatable.")
    List<Path> excludeFrom = new ArrayList<>();

    @Option(names = "--exclude-if-present", paramLabel = "NAME",
            description = "Leave out every directory that holds a file called NAME (e.g. .nobackup). Repeatable.")
    List<String> excludeIfPresent = new ArrayList<>();

    @Option(names = {"-x", "--one-file-system"}, description = "Do not descend into other filesystems (mount points).")
    boolean oneFileSystem;

    SourceFilter filter() {
        List<String> patterns = new ArrayList<>(exclude);
        for (Path f : excludeFrom) {
            patterns.addAll(SourceFilter.readPatterns(f));
        }
        return SourceFilter.of(patterns, excludeIfPresent, oneFileSystem);
    }
}

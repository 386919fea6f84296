package org.vaultfs.cli;

import picocli.CommandLine.Option;

/** What seal and add say about their work: entry by entry, as JSON, or only as a plan. */
public final class IngestOutputOptions {
    @Option(names = {"-v", "--verbose"}, description = "Also name every symlink and special file left out.")
    boolean verbose;

    @Option(names = "--json", description = "Print one JSON object (README: JSON output) instead of the summary line.")
    boolean json;

    @Option(names = {"-n", "--dry-run"}, description = "Walk the sources and say what would be stored; ask no password, write nothing.")
    boolean dryRun;
}

package org.vaultfs.cli;

import org.vaultfs.remote.S3Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A transfer's options: the store, and how many parts move at once. */
final class S3Options {
    @Mixin
    S3EndpointOptions endpoint;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "4",
            description = "Parts in flight at once, 1-64 (default: ${DEFAULT-VALUE}); memory is one part per job, 160 MiB at most.")
    int jobs;

    S3Settings settings(CliEnv env) {
        return endpoint.settings(env);
    }
}

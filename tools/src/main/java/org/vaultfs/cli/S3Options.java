package org.vaultfs.cli;

import org.vaultfs.remote.S3Settings;
import picocli.CommandLine.Option;

/** How to reach an S3-compatible store; credentials come only from the AWS default chain. */
final class S3Options {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "S3-compatible endpoint (default: AWS_ENDPOINT_URL, else AWS). Credentials come from the AWS"
                    + " chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, AWS_PROFILE; never from the command line.")
    String endpoint;

    @Option(names = "--path-style", description = "Address buckets as ENDPOINT/BUCKET (most self-hosted stores want it;"
            + " default: AWS_S3_FORCE_PATH_STYLE=true).")
    Boolean pathStyle;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "4",
            description = "Parts in flight at once, 1-64 (default: ${DEFAULT-VALUE}); memory is one part per job, 160 MiB at most.")
    int jobs;

    S3Settings settings(CliEnv env) {
        return S3Settings.of(endpoint, pathStyle, env.env());
    }
}

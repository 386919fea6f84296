package org.vaultfs.cli;

import org.vaultfs.remote.S3Connection;
import org.vaultfs.remote.S3Location;
import org.vaultfs.remote.S3Settings;
import org.vaultfs.remote.S3Source;
import picocli.CommandLine.Option;

/** How to reach an S3-compatible store; credentials come only from the AWS default chain. */
final class S3EndpointOptions {
    @Option(names = "--endpoint", paramLabel = "URL",
            description = "For s3:// locations: an S3-compatible endpoint (default: AWS_ENDPOINT_URL, else AWS)."
                    + " Credentials come from the AWS chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials,"
                    + " AWS_PROFILE), never from the command line.")
    String endpoint;

    @Option(names = "--path-style", description = "For s3:// locations: address buckets as ENDPOINT/BUCKET (most"
            + " self-hosted stores want it; default: AWS_S3_FORCE_PATH_STYLE=true).")
    Boolean pathStyle;

    S3Settings settings(CliEnv env) {
        return S3Settings.of(endpoint, pathStyle, env.env());
    }

    /** The object at {@code at}, read in place over a connection of its own (closed with the source). */
    S3Source open(S3Location at, CliEnv env) {
        return S3Source.open(S3Connection.open(settings(env)), at, true);
    }
}

package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.remote.S3Connection;
import org.vaultfs.remote.S3Location;
import org.vaultfs.remote.S3Push;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vault push VAULT s3://BUCKET/KEY}: resumable multipart upload of a vault file. */
@Command(name = "push", description = "Upload a vault to S3-compatible storage (multipart, parallel, resumable:"
        + " run it again after an interruption and only the missing parts are sent).")
final class PushCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "VAULT")
    Path vault;

    @Parameters(index = "1", paramLabel = "s3://BUCKET/KEY")
    String destination;

    @Option(names = "--part-size", paramLabel = "MIB", defaultValue = "16",
            description = "Part size in MiB, at least 5 (default: ${DEFAULT-VALUE}); grows for files above 10,000 parts.")
    int partMib;

    @Mixin
    S3Options s3;

    @Override
    public Integer call() {
        S3Location to = S3Location.parse(destination);
        if (partMib < 5 || partMib > 5120) {
            throw new org.vaultfs.error.VaultException(org.vaultfs.error.Failure.INVALID_ARGUMENT,
                    "--part-size must be 5 to 5120 MiB");
        }
        long start = System.nanoTime();
        S3Push.Result r;
        try (S3Connection c = S3Connection.open(s3.settings(env()));
             ProgressBar bar = new ProgressBar(env(), "pushing", java.nio.file.Files.isRegularFile(vault)
                     ? vault.toFile().length() : 0)) {
            r = S3Push.push(c, vault, to, s3.jobs, (long) partMib << 20, (bytes, reused) -> bar.advance(bytes));
        }
        if (!env().quiet()) {
            if (r.parts() == 0) {
                env().err().printf("%s already holds %s: nothing sent%n", to, Human.path(vault.toString()));
            } else {
                env().err().printf("pushed %s to %s: %d parts, %d sent (%s), %d already there, %s copied on the server, %.1f s%n",
                        Human.path(vault.toString()), to, r.parts(), r.partsSent(), Human.bytes(r.bytesSent()),
                        r.partsReused(), Human.bytes(r.bytesCopied()), (System.nanoTime() - start) / 1e9);
            }
        }
        return 0;
    }
}

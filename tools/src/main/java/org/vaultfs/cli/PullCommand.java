package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.remote.S3Connection;
import org.vaultfs.remote.S3Location;
import org.vaultfs.remote.S3Pull;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vault pull s3://BUCKET/KEY -o VAULT}: parallel, resumable, verified download. */
@Command(name = "pull", description = "Download a vault from S3-compatible storage: parallel ranged reads into a"
        + " partial file, the object's checksum verified before it is renamed into place; resumable.")
final class PullCommand extends VaultCommand {
    @Parameters(index = "0", paramLabel = "s3://BUCKET/KEY")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "VAULT", required = true, description = "The local file to write.")
    Path output;

    @Option(names = "--force", description = "Replace OUTPUT if it exists (atomically, once the download is verified).")
    boolean force;

    @Mixin
    S3Options s3;

    @Override
    public Integer call() {
        S3Location from = S3Location.parse(source);
        long start = System.nanoTime();
        S3Pull.Result r;
        try (S3Connection c = S3Connection.open(s3.settings(env()))) {
            r = S3Pull.pull(c, from, output, s3.jobs, force);
        }
        if (!env().quiet()) {
            env().err().printf("pulled %s to %s: %s, %d of %d pieces fetched (%d verified on disk), %.1f s%n", from,
                    Human.path(output.toString()), Human.bytes(r.size()), r.piecesFetched(), r.pieces(),
                    r.piecesReused(), (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}

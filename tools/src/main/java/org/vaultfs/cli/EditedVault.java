package org.vaultfs.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The first parameter of a tree-edit command: a vault file, or an object edited through a private local copy. */
final class EditedVault {
    @Parameters(index = "0", paramLabel = "VAULT", converter = VaultLocation.Converter.class,
            description = "A vault file, or s3://BUCKET/KEY (pulled into a private temporary directory, edited, pushed back"
                    + " incrementally).")
    VaultLocation location;

    @Mixin
    S3EndpointOptions s3;

    @Override
    public String toString() {
        return location.toString();
    }
}

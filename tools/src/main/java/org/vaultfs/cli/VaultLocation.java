package org.vaultfs.cli;

import java.nio.file.Path;
import org.vaultfs.remote.S3Location;
import picocli.CommandLine.ITypeConverter;

/**
 * Where a command reads a vault: a local file, or an object ({@code s3://BUCKET/KEY}) read in
 * place with ranged requests. A converter keeps the URL as typed (a {@link Path} would fold
 * its double slash).
 */
record VaultLocation(Path local, S3Location remote) {
    static VaultLocation of(String arg) {
        return S3Location.isS3(arg) ? new VaultLocation(null, S3Location.parse(arg)) : new VaultLocation(Path.of(arg), null);
    }

    boolean isRemote() {
        return remote != null;
    }

    @Override
    public String toString() {
        return isRemote() ? remote.toString() : local.toString();
    }

    static final class Converter implements ITypeConverter<VaultLocation> {
        @Override
        public VaultLocation convert(String value) {
            return of(value);
        }
    }
}

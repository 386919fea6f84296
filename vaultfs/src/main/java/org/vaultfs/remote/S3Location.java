package org.vaultfs.remote;

import org.vaultfs.error.Failure;
import org.vaultfs.error.VaultException;

/** An object's address, {@code s3://BUCKET/KEY}. */
public record S3Location(String bucket, String key) {
    private static final String SCHEME = "s3://";

    public static boolean isS3(String location) {
        return location != null && location.startsWith(SCHEME);
    }

    /** Parses {@code s3://BUCKET/KEY}; the key may hold slashes, neither part may be empty. */
    public static S3Location parse(String location) {
        if (!isS3(location)) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "not an s3:// location: " + location);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new VaultException(Failure.INVALID_ARGUMENT,
                    "an S3 location is s3://BUCKET/KEY, with both parts: " + location);
        }
        String bucket = rest.substring(0, slash);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new VaultException(Failure.INVALID_ARGUMENT, "not a valid S3 bucket name: " + bucket);
        }
        return new S3Location(bucket, rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}

package org.vaultfs.error;

/**
 * Every way an operation on a vault can fail, each with the stable name used by the test
 * vectors and the exit code the CLI returns. Codes are part of the documented CLI contract.
 */
public enum Failure {
    INVALID_ARGUMENT("invalid-argument", 2),
    WRONG_PASSWORD("wrong-password", 3),
    NOT_A_VAULT("not-a-vault", 4),
    TRUNCATED("truncated", 4),
    BOUNDS("bounds", 4),
    MALFORMED("malformed", 4),
    HEADER_MAC("header-mac", 5),
    MANIFEST_AUTH("manifest-auth", 5),
    BLOCK_AUTH("block-auth", 5),
    DECOMPRESSION_BOMB("decompression-bomb", 5),
    UNSUPPORTED_VERSION("unsupported-version", 6),
    UNSUPPORTED_ALGORITHM("unsupported-algorithm", 6),
    CRITICAL_EXTENSION("critical-extension", 6),
    RESERVED_BYTES("reserved-bytes", 6),
    PATH_ESCAPE("path-escape", 7),
    LOCKED("locked", 8),
    IO("io", 9),
    NOT_FOUND("not-found", 10),
    CONFLICT("conflict", 11),
    /** An object store refused or failed a request (access denied, server errors past the retries, a checksum it or we rejected). */
    REMOTE("remote", 15);

    private final String id;
    private final int exitCode;

    Failure(String id, int exitCode) {
        this.id = id;
        this.exitCode = exitCode;
    }

    /** The stable kebab-case name used in test vectors and JSON output. */
    public String id() {
        return id;
    }

    public int exitCode() {
        return exitCode;
    }
}

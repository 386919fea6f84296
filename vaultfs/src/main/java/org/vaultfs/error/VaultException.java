package org.vaultfs.error;

/**
 * The only exception type the vaultfs library lets escape on bad input or failed I/O.
 * Unchecked so that pipeline stages (lambdas, executors) can propagate it unchanged.
 */
public final class VaultException extends RuntimeException {
    private final Failure failure;

    public VaultException(Failure failure, String message) {
        super(message);
        this.failure = failure;
    }

    public VaultException(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }

    public static VaultException io(String what, java.io.IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new VaultException(Failure.IO, what + ": " + detail, e);
    }
}

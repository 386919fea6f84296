package org.vaultfs.error;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Work handed to another thread fails in its caller as it failed there. */
public final class Rethrow {
    private Rethrow() {
    }

    /**
     * {@code f}'s value once done; an unchecked failure is rethrown as itself (its failure name
     * and message intact), a checked one as an I/O failure of {@code what}.
     */
    public static <T> T joined(CompletableFuture<T> f, String what) {
        try {
            return f.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new VaultException(Failure.IO, what + " failed: " + c, c);
        }
    }
}

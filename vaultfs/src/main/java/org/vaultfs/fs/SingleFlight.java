package org.vaultfs.fs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.vaultfs.error.Rethrow;

/**
 * At most one computation in flight per key: the first caller to {@link #claim} a key does
 * the work and {@link #finish}es it; every other caller {@link #await}s that one instead of
 * repeating it. Results are not kept here (the caller's cache keeps them), and neither are
 * failures: the next claim after a failed one computes again.
 */
final class SingleFlight<K> {
    private final ConcurrentHashMap<K, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /** Whether some caller is computing {@code key} now. */
    boolean busy(K key) {
        return inFlight.containsKey(key);
    }

    /**
     * Claims {@code key}: returns a fresh ticket the caller must {@link #finish}, or, when
     * someone else holds it, null after setting nothing (see {@link #current}).
     */
    CompletableFuture<Void> claim(K key) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        return inFlight.putIfAbsent(key, mine) == null ? mine : null;
    }

    /** The ticket in flight for {@code key}, or null. */
    CompletableFuture<Void> current(K key) {
        return inFlight.get(key);
    }

    /** Ends the claimed computation: {@code failure} null for success. Waiters wake up either way. */
    void finish(K key, CompletableFuture<Void> ticket, Throwable failure) {
        inFlight.remove(key, ticket);
        if (failure == null) {
            ticket.complete(null);
        } else {
            ticket.completeExceptionally(failure);
        }
    }

    /** Waits for {@code ticket}; rethrows its failure as it was thrown. */
    static void await(CompletableFuture<Void> ticket) {
        Rethrow.joined(ticket, "a chunk decode");
    }
}

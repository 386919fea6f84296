package org.vaultfs.event;

/**
 * Something a reader noticed that the caller did not ask about but should hear of: the
 * library never prints, it hands these to the {@link VaultListener} it was given (as
 * Cryptomator's cryptofs hands out its filesystem events). Each carries its facts and a
 * one-line {@link #message()}, with names made printable, for callers that only log.
 */
public sealed interface VaultEvent {
    /** One line describing the event, without a program-name prefix. */
    String message();

    /**
     * A damaged block was rebuilt from parity and served; the vault itself is unchanged and
     * wants a {@code vault repair}. Sent once per block.
     */
    record BlockRepaired(String chunkId, long blockIndex, String message) implements VaultEvent {
    }

    /** A read of {@code path} failed on a damaged block parity could not rebuild. Sent once per file and block. */
    record BlockUnreadable(String path, String chunkId, long blockIndex, String failure, String message) implements VaultEvent {
    }

    /** A filesystem request failed for a reason that is a bug or an environment fault, not the vault's. */
    record RequestFailed(String operation, String path, String message) implements VaultEvent {
    }

    /**
     * The vault's metadata extension (modes, owners, links, times; SPEC.md §20) was ignored,
     * in whole or in part; plain files are read as ever. Sent once, when the metadata is first needed.
     */
    record MetadataIgnored(String message) implements VaultEvent {
    }

    /** A condition worth a line in a log that changes nothing read (a failed unmount, a tuning step). */
    record Notice(String message) implements VaultEvent {
    }
}

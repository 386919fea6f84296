package org.vaultfs.event;

/** Receives {@link VaultEvent}s; called from reading threads, so it must be quick and thread-safe. */
@FunctionalInterface
public interface VaultListener {
    /** Drops every event. */
    VaultListener IGNORE = e -> { };

    void on(VaultEvent event);
}

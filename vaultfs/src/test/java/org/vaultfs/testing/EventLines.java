package org.vaultfs.testing;

import java.io.PrintStream;
import org.vaultfs.event.VaultListener;

/** A listener that prints each event as the CLI does ("prefix: message"), for tests that read logs. */
public final class EventLines {
    private EventLines() {
    }

    public static VaultListener to(PrintStream out, String prefix) {
        return e -> out.println(prefix + ": " + e.message());
    }
}

package org.vaultfs.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A stored time to the nanosecond in the manifest's UTC form, {@code 2026-06-17T00:00:00.123456789Z}. */
final class Timestamp {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Timestamp() {
    }

    static String of(long seconds, int nanos) {
        return SECONDS.format(Instant.ofEpochSecond(seconds)) + (nanos == 0 ? "" : String.format(".%09d", nanos)) + "Z";
    }
}

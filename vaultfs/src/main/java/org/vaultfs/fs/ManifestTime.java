package org.vaultfs.fs;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Manifest timestamps ({@code YYYY-MM-DDTHH:MM:SSZ}) as seconds since the epoch. */
public final class ManifestTime {
    private ManifestTime() {
    }

    /** Seconds since the epoch, or {@code fallback} when absent or unparsable (stat must not fail). */
    public static long epochSeconds(String stamp, long fallback) {
        if (stamp == null || stamp.isEmpty()) {
            return fallback;
        }
        try {
            return Instant.parse(stamp).getEpochSecond();
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}

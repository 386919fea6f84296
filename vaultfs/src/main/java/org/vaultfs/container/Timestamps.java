package org.vaultfs.container;

import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The manifest's timestamp form: UTC, whole seconds, {@code YYYY-MM-DDTHH:MM:SSZ}. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant t) {
        return FORMAT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String now(Clock clock) {
        return format(clock.instant());
    }

    public static String of(FileTime t) {
        return format(t.toInstant());
    }

    /** Parses a manifest timestamp; null when it is not in the expected form. */
    public static Instant parse(String s) {
        try {
            return Instant.from(FORMAT.parse(s));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

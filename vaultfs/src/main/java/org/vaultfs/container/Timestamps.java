package org.vaultfs.container;

import java.nio.charset.StandardCharsets;
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
    /** 10000-01-01T00:00:00Z: below it every year has four digits. */
    private static final long YEAR_10000 = 253402300800L;

    private Timestamps() {
    }

    public static String format(Instant t) {
        long s = t.getEpochSecond();
        if (s >= 0 && s < YEAR_10000) {
            return formatSince1970(s);
        }
        return FORMAT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The civil date of {@code s} seconds since 1970 (Howard Hinnant's days-to-civil), written
     * out by hand: a seal formats every directory's time, and the formatter's general path was
     * a fifth of the walk's second (in the interpreter, before the JIT gets to it).
     */
    private static String formatSince1970(long s) {
        long days = s / 86400;
        int secondOfDay = (int) (s % 86400);
        long z = days + 719468;
        long era = z / 146097;
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        byte[] out = new byte[20];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        out[19] = 'Z';
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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

package org.vaultfs.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written date arithmetic against the JDK's formatter, over the range it takes and at its edges. */
class TimestampsTest {
    private static final DateTimeFormatter JDK = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static void same(Instant t) {
        assertEquals(JDK.format(t.truncatedTo(ChronoUnit.SECONDS)), Timestamps.format(t), t.toString());
    }

    @Test
    void formatsAsTheJdkDoes() {
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "1970-12-31T23:59:59Z", "1999-12-31T23:59:59.999999999Z",
                "2000-02-29T12:00:00Z", "2000-03-01T00:00:00Z", "2100-02-28T23:59:59Z", "2100-03-01T00:00:00Z",
                "2400-02-29T00:00:01Z", "2038-01-19T03:14:08Z", "9999-12-31T23:59:59.5Z", "1969-12-31T23:59:59.9Z",
                "1900-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-06-01T00:00:00Z"}) {
            same(Instant.parse(edge));
        }
        SplittableRandom r = new SplittableRandom(16);
        for (int i = 0; i < 200_000; i++) {
            same(Instant.ofEpochSecond(r.nextLong(-100_000_000_000L, 300_000_000_000L), r.nextInt(1_000_000_000)));
        }
        for (long day = 0; day < 2_932_897; day += 1 + day % 7) { // every few days to 9999-12-31
            same(Instant.ofEpochSecond(day * 86_400 + 86_399));
        }
    }

    @Test
    void readsBackWhatItWrites() {
        Instant t = Instant.parse("2026-12-03T17:04:05Z");
        assertEquals(t, Timestamps.parse(Timestamps.format(t)));
    }
}

package dev.pulmo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GuidelineDates#parse} reads what the guideline's two strict patterns read, and nothing else. */
class GuidelineDatesTest {

    /** The two patterns, applied by java.time's strict formatters. */
    private static Optional<LocalDateTime> byFormatter(String text) {
        if (text == null || text.length() != 19) {
            return Optional.empty();
        }
        DateTimeFormatter f = text.charAt(13) == ':' ? GuidelineDates.ISO_LIKE : GuidelineDates.GUIDELINE;
        try {
            return Optional.of(LocalDateTime.parse(text, f));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Test
    void readsWhatTheStrictFormattersRead() {
        String[] fixed = {"2021-05-03 10-20-30", "2021-05-03 10:20:30", "2021-05-03 10-20:30", "2021-05-03 10:20-30",
                "2021-02-29 00-00-00", "2020-02-29 23-59-59", "2021-02-30 10-00-00", "2021-04-31 10-00-00", "2021-13-01 10-00-00",
                "2021-00-10 10-00-00", "2021-01-00 10-00-00", "2021-01-01 24-00-00", "2021-01-01 10-60-00", "2021-01-01 10-00-60",
                "0000-01-01 00-00-00", "+021-01-01 00-00-00", "-021-01-01 00-00-00", "2021/01/01 10-00-00", "2021-01-01T10-00-00",
                "２０２１-01-01 10-00-00", "2021-0١-01 10-00-00", "2021-01-01 10-00-0", "", "2019-07-21 14:03:55"};
        for (String text : fixed) {
            assertThat(GuidelineDates.parse(text)).as(text).isEqualTo(byFormatter(text));
        }
        assertThat(GuidelineDates.parse(null)).isEmpty();
        Random random = new Random(5);
        String alphabet = "0123456789012345678901234567890123456789-: +/";
        for (int i = 0; i < 200_000; i++) {
            // a valid date-time with one or two characters changed
            StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02d %02d%s%02d%s%02d", random.nextInt(10_000),
                    1 + random.nextInt(13), random.nextInt(32), random.nextInt(25), random.nextBoolean() ? "-" : ":",
                    random.nextInt(61), random.nextBoolean() ? "-" : ":", random.nextInt(61)));
            for (int k = random.nextInt(3); k > 0; k--) {
                s.setCharAt(random.nextInt(s.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(GuidelineDates.parse(s.toString())).as(s.toString()).isEqualTo(byFormatter(s.toString()));
        }
    }
}

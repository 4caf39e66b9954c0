package dev.pulmo.api;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * The guideline's date-time strings ({@code date_created}, {@code date_captured}; SPEC.md §3).
 *
 * <p>The guideline writes the pattern {@code yyyy-mm-dd hh-mi-ss}. Decision (SPEC.md): writers emit
 * {@code yyyy-MM-dd HH-mm-ss} by default; readers accept {@code -} or {@code :} as the time separator. The
 * value must be a real calendar date and time (no 2021-02-30, no hour 24).
 */
public final class GuidelineDates {
    /** The default written form, {@code yyyy-MM-dd HH-mm-ss}. */
    public static final DateTimeFormatter GUIDELINE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH-mm-ss")
            .withResolverStyle(ResolverStyle.STRICT);
    /** The accepted colon form, {@code yyyy-MM-dd HH:mm:ss}. */
    public static final DateTimeFormatter ISO_LIKE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    private GuidelineDates() {
    }

    /** {@code dateTime} in the guideline's default form. */
    public static String format(LocalDateTime dateTime) {
        return GUIDELINE.format(dateTime);
    }

    /**
     * The date-time of a guideline string in either accepted form; empty when it is neither. The same as
     * {@code LocalDateTime.parse(text, text.charAt(13) == ':' ? ISO_LIKE : GUIDELINE)}, read field by field: every
     * image's JSON has two of these, and the formatter's general parsing cost more than the rest of the date checks.
     */
    public static Optional<LocalDateTime> parse(String text) {
        if (text == null || text.length() != 19) {
            return Optional.empty();
        }
        char time = text.charAt(13) == ':' ? ':' : '-';
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != ' ' || text.charAt(13) != time
                || text.charAt(16) != time) {
            return Optional.empty();
        }
        int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
        int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second)); // a real calendar date
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The number written by {@code length} ASCII digits from {@code start}, or -1. */
    private static int digits(String text, int start, int length) {
        int value = 0;
        for (int i = start; i < start + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

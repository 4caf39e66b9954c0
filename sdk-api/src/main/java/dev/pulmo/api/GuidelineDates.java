package dev.pulmo.api;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    /** The date-time of a guideline string in either accepted form; empty when it is neither. */
    public static Optional<LocalDateTime> parse(String text) {
        if (text == null || text.length() != 19) {
            return Optional.empty();
        }
        DateTimeFormatter f = text.charAt(13) == ':' ? ISO_LIKE : GUIDELINE;
        try {
            return Optional.of(LocalDateTime.parse(text, f));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package dev.pulmo.clinical.internal;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DICOM's Age String (AS): three digits and a unit, {@code D}ays, {@code W}eeks, {@code M}onths or {@code Y}ears. */
public final class DicomAge {
    private static final Pattern AS = Pattern.compile("(\\d{3})([DWMY])");

    private DicomAge() {
    }

    /** Whole years of {@code value} ({@code 063Y} → 63, {@code 018M} → 1, {@code 010W} → 0); empty when not an AS. */
    public static OptionalInt years(String value) {
        Matcher m = AS.matcher(value.trim());
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        int n = Integer.parseInt(m.group(1));
        return OptionalInt.of(switch (m.group(2)) {
            case "Y" -> n;
            case "M" -> n / 12;
            case "W" -> (int) Math.floor(n * 7 / 365.25);
            default -> (int) Math.floor(n / 365.25);
        });
    }

    /**
     * The ages in completed years that a person whose age was {@code value} on {@code ageDate} can have on
     * {@code otherDate}: the birthday lies after {@code ageDate} minus (n + 1) units and on or before {@code ageDate}
     * minus n units (ages are completed units, PS3.5 §6.2 AS), and the age on {@code otherDate} is taken from both
     * ends of that range (a later birthday, a lower age). One value when the dates allow ({@code otherDate} equal to
     * {@code ageDate}, or a whole number of years from it by a year unit's granularity); empty when {@code value} is
     * not an AS.
     */
    public static Optional<Range> yearsOn(String value, LocalDate ageDate, LocalDate otherDate) {
        Matcher m = AS.matcher(value.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int n = Integer.parseInt(m.group(1));
        ChronoUnit unit = switch (m.group(2)) {
            case "Y" -> ChronoUnit.YEARS;
            case "M" -> ChronoUnit.MONTHS;
            case "W" -> ChronoUnit.WEEKS;
            default -> ChronoUnit.DAYS;
        };
        LocalDate latestBirth = ageDate.minus(n, unit);
        LocalDate earliestBirth = unit == ChronoUnit.DAYS ? latestBirth : ageDate.minus(n + 1L, unit).plusDays(1);
        return Optional.of(new Range(Period.between(latestBirth, otherDate).getYears(),
                Period.between(earliestBirth, otherDate).getYears()));
    }

    /** Ages in completed years, {@code min} to {@code max} inclusive. */
    public record Range(int min, int max) {
        /** Whether {@code years} is in the range. */
        public boolean contains(int years) {
            return years >= min && years <= max;
        }

        @Override
        public String toString() {
            return min == max ? String.valueOf(min) : min + " to " + max;
        }
    }
}

package dev.pulmo.clinical.internal;

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
}

package dev.pulmo.dataset;

import dev.pulmo.api.plugin.CaseClass;

/** Identifies one series folder of the dataset (SPEC.md §2). */
public record SeriesKey(String modality, CaseClass caseClass, String patientId, String series)
        implements Comparable<SeriesKey> {

    /** Orders by modality, class, patient, then series numerically where they are numbers. */
    @Override
    public int compareTo(SeriesKey o) {
        return compare(modality, caseClass, patientId, series, o.modality, o.caseClass, o.patientId, o.series);
    }

    /** The series order of two images or series given by their parts (sorting compares keys millions of times). */
    static int compare(String modality, CaseClass caseClass, String patientId, String series,
            String otherModality, CaseClass otherCaseClass, String otherPatientId, String otherSeries) {
        int c = modality.compareTo(otherModality);
        if (c == 0) {
            c = caseClass.compareTo(otherCaseClass);
        }
        if (c == 0) {
            c = patientId.compareTo(otherPatientId);
        }
        return c != 0 ? c : compareNumbersFirst(series, otherSeries);
    }

    /** Numeric order for numeric strings ("2" before "10"), text order otherwise. */
    static int compareNumbersFirst(String a, String b) {
        // the scanner's sorted maps compare every file's series and sequence numbers many times: ASCII digits are
        // compared as text of their significant digits, without parsing (the same order as Long.compare)
        if (a.equals(b)) {
            return 0;
        }
        int sa = significantDigits(a);
        int sb = significantDigits(b);
        if (sa >= 0 && sb >= 0) {
            int c = Integer.compare(a.length() - sa, b.length() - sb);
            for (int i = 0; c == 0 && sa + i < a.length(); i++) {
                c = Character.compare(a.charAt(sa + i), b.charAt(sb + i));
            }
            return c != 0 ? c : a.compareTo(b);
        }
        return compareParsed(a, b);
    }

    /**
     * Where the significant digits of a number of 1 to 17 ASCII digits start (the last digit of zeros only), or -1
     * when {@code s} is not one.
     */
    private static int significantDigits(String s) {
        int n = s.length();
        if (n == 0 || n >= 18) {
            return -1;
        }
        int start = -1;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            if (start < 0 && ch != '0') {
                start = i;
            }
        }
        return start < 0 ? n - 1 : start;
    }

    /** {@link #compareNumbersFirst} for any text (digits of other scripts included), by {@link Long#parseLong}. */
    static int compareParsed(String a, String b) {
        boolean an = isNumber(a);
        boolean bn = isNumber(b);
        if (an && bn) {
            int c = Long.compare(Long.parseLong(a), Long.parseLong(b));
            return c != 0 ? c : a.compareTo(b);
        }
        return an ? -1 : bn ? 1 : a.compareTo(b);
    }

    /** A number {@link Long#parseLong} takes: 1 to 17 digits. */
    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() >= 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return modality + "/" + caseClass.folderName() + "/" + patientId + "/" + series;
    }
}

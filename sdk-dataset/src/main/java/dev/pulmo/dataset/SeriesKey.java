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

package dev.pulmo.dataset;

import dev.pulmo.api.plugin.CaseClass;
import java.util.Comparator;

/** Identifies one series folder of the dataset (SPEC.md §2). */
public record SeriesKey(String modality, CaseClass caseClass, String patientId, String series)
        implements Comparable<SeriesKey> {

    private static final Comparator<SeriesKey> ORDER = Comparator.comparing(SeriesKey::modality)
            .thenComparing(SeriesKey::caseClass)
            .thenComparing(SeriesKey::patientId)
            .thenComparing((a, b) -> compareNumbersFirst(a.series, b.series));

    @Override
    public int compareTo(SeriesKey o) {
        return ORDER.compare(this, o);
    }

    /** Numeric order for numeric strings ("2" before "10"), text order otherwise. */
    static int compareNumbersFirst(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit) && !a.isEmpty() && a.length() < 18;
        boolean bn = b.chars().allMatch(Character::isDigit) && !b.isEmpty() && b.length() < 18;
        if (an && bn) {
            int c = Long.compare(Long.parseLong(a), Long.parseLong(b));
            return c != 0 ? c : a.compareTo(b);
        }
        return an ? -1 : bn ? 1 : a.compareTo(b);
    }

    @Override
    public String toString() {
        return modality + "/" + caseClass.folderName() + "/" + patientId + "/" + series;
    }
}

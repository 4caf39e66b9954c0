package dev.pulmo.dicom.deid;

import java.util.List;

/**
 * What de-identification did to one dataset, counted over all nesting levels. It names no original value.
 *
 * @param removed            attributes removed (X), private ones included
 * @param emptied            attributes given an empty value (Z)
 * @param dummied            attributes given a dummy value (D)
 * @param uidsReplaced       UID values replaced (U)
 * @param datesShifted       DA/DT values shifted by the patient's date shift
 * @param cleaned            text values cleaned (C) of identifying values
 * @param privateRemoved     private attributes (and creators) removed
 * @param privateKept        private attributes kept by the safelist
 * @param rectanglesBlanked  burned-in text rectangles blanked, per frame
 * @param notes              anything a reviewer should see, e.g. burned-in text written uncleaned
 */
public record DeidAudit(int removed, int emptied, int dummied, int uidsReplaced, int datesShifted, int cleaned,
                        int privateRemoved, int privateKept, int rectanglesBlanked, List<String> notes) {
    public DeidAudit {
        notes = List.copyOf(notes);
    }

    /** One line such as {@code removed=12 emptied=3 ...}, for audit logs. */
    public String summary() {
        return "removed=" + removed + " emptied=" + emptied + " dummied=" + dummied + " uids=" + uidsReplaced
                + " datesShifted=" + datesShifted + " cleaned=" + cleaned + " privateRemoved=" + privateRemoved
                + " privateKept=" + privateKept + " rectanglesBlanked=" + rectanglesBlanked
                + (notes.isEmpty() ? "" : " notes=" + String.join("; ", notes));
    }
}

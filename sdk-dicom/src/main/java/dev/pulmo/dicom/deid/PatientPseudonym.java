package dev.pulmo.dicom.deid;

import java.util.List;
import java.util.Objects;

/**
 * What replaces one patient's identity in every file of that patient.
 *
 * @param newPatientId  the managed id written to Patient ID (0010,0020); at most 7 characters in the guideline
 *                      (SPEC.md §3), at most 64 in DICOM
 * @param dateShiftDays days added to every DA/DT value kept under the Retain Longitudinal Temporal Information
 *                      with Modified Dates option (usually {@link DeidKey#dateShiftDays})
 * @param knownIdentifiers identifying values of the patient known from elsewhere (the original id of the patient's
 *                      folder, names and birth dates from the patient's other files): cut out of kept text like the
 *                      dataset's own identifying values; values under 3 characters are ignored
 */
public record PatientPseudonym(String newPatientId, int dateShiftDays, List<String> knownIdentifiers) {
    public PatientPseudonym {
        Objects.requireNonNull(newPatientId, "newPatientId");
        if (newPatientId.isBlank() || newPatientId.length() > 64 || newPatientId.contains("\\")) {
            throw new IllegalArgumentException("new patient id must be 1-64 characters without '\\', got '" + newPatientId + "'");
        }
        knownIdentifiers = List.copyOf(knownIdentifiers);
    }

    /** A pseudonym with no identifiers known from elsewhere. */
    public PatientPseudonym(String newPatientId, int dateShiftDays) {
        this(newPatientId, dateShiftDays, List.of());
    }
}

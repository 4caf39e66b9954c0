package dev.pulmo.dicom.deid;

import java.util.Objects;

/**
 * What replaces one patient's identity in every file of that patient.
 *
 * @param newPatientId  the managed id written to Patient ID (0010,0020); at most 7 characters in the guideline
 *                      (SPEC.md §3), at most 64 in DICOM
 * @param dateShiftDays days added to every DA/DT value kept under the Retain Longitudinal Temporal Information
 *                      with Modified Dates option (usually {@link DeidKey#dateShiftDays})
 */
public record PatientPseudonym(String newPatientId, int dateShiftDays) {
    public PatientPseudonym {
        Objects.requireNonNull(newPatientId, "newPatientId");
        if (newPatientId.isBlank() || newPatientId.length() > 64 || newPatientId.contains("\\")) {
            throw new IllegalArgumentException("new patient id must be 1-64 characters without '\\', got '" + newPatientId + "'");
        }
    }
}

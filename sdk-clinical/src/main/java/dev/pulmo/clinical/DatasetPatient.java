package dev.pulmo.clinical;

import dev.pulmo.api.plugin.CaseClass;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the dataset tree says about one patient, for {@link ClinicalSheetCheck}: the case-class folder the
 * patient is under (SPEC.md §2) and, when a DICOM header has been read, its Patient's Age (0010,1010) and
 * Patient's Sex (0010,0040) as written.
 *
 * @param patientId       the de-identified id (the folder name)
 * @param caseClass       benign, malignant or normal
 * @param dicomPatientAge DICOM age string such as {@code 063Y} (also {@code D}, {@code W}, {@code M} units)
 * @param dicomPatientSex DICOM sex code {@code M}, {@code F} or {@code O}
 * @param dicomAgeDate    the date the DICOM age refers to: the header's Study Date (0008,0020), else its Series or
 *                        Acquisition Date
 */
public record DatasetPatient(String patientId, CaseClass caseClass, Optional<String> dicomPatientAge,
                             Optional<String> dicomPatientSex, Optional<LocalDate> dicomAgeDate) {
    public DatasetPatient {
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(caseClass, "caseClass");
        Objects.requireNonNull(dicomPatientAge, "dicomPatientAge");
        Objects.requireNonNull(dicomPatientSex, "dicomPatientSex");
        Objects.requireNonNull(dicomAgeDate, "dicomAgeDate");
    }

    /** A patient whose DICOM age refers to no known date. */
    public DatasetPatient(String patientId, CaseClass caseClass, Optional<String> dicomPatientAge, Optional<String> dicomPatientSex) {
        this(patientId, caseClass, dicomPatientAge, dicomPatientSex, Optional.empty());
    }

    /** A patient whose DICOM age and sex are not known. */
    public static DatasetPatient of(String patientId, CaseClass caseClass) {
        return new DatasetPatient(patientId, caseClass, Optional.empty(), Optional.empty(), Optional.empty());
    }
}

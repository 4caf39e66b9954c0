package dev.pulmo.clinical;

/**
 * The columns of the per-modality clinical sheet (SPEC.md §5). Only {@link #PATIENT_ID} is required; the
 * guideline asks for the pathology result of malignant cases only.
 */
public enum ClinicalField {
    /** The de-identified patient id (at most 7 characters, SPEC.md §2), as in the dataset's folder names. */
    PATIENT_ID,
    /** Age in whole years. */
    AGE,
    /** Sex: male, female or other. */
    SEX,
    /** Pathology result, free text (malignant cases). */
    PATHOLOGY,
    /** Smoking history, free text as written (e.g. never, former, current, pack-years). */
    SMOKING,
    /**
     * The date the age refers to (e.g. of the examination or diagnosis), as {@code 2021-06-15}, {@code 2021.06.15},
     * {@code 2021/06/15} or {@code 20210615}; with it, the age is checked exactly against the DICOM header's.
     */
    AGE_DATE
}

package dev.pulmo.clinical;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.clinical.internal.DicomAge;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Checks a clinical sheet against what the dataset tree holds (SPEC.md §5, §8). Returns findings, never throws:
 * first the sheet's own cell findings ({@link ClinicalSheet#findings()}), then, in this order:
 * <ul>
 *   <li>{@code clinical.identifying-column} (ERROR): a header names a column that identifies a person
 *       ({@link SheetColumns#isIdentifying}); located at the header cell</li>
 *   <li>{@code clinical.patient-duplicate} (ERROR): a second row for a patient id; at the later row</li>
 *   <li>{@code clinical.row-without-patient} (WARNING): a row whose patient is not in the tree</li>
 *   <li>{@code clinical.pathology-missing} (ERROR): a malignant patient whose row has no pathology result</li>
 *   <li>{@code clinical.age-mismatch} (ERROR): the sheet's age is not one the person can have given the DICOM
 *       Patient's Age: when the sheet says the date of its age ({@link ClinicalField#AGE_DATE}) and the header its
 *       Study Date, the ages the two dates allow (computed from the range of birthdays the header's age and date
 *       imply: exact when the dates allow); else within the
 *       tolerance of the header's age; {@code clinical.dicom-age-invalid} (WARNING) when the DICOM value is not an
 *       age string</li>
 *   <li>{@code clinical.sex-mismatch} (ERROR): the sheet's sex differs from the DICOM Patient's Sex;
 *       {@code clinical.dicom-sex-invalid} (WARNING) when the DICOM value is not M, F or O</li>
 *   <li>{@code clinical.patient-missing} (ERROR): a patient of the tree with no row; located at the file</li>
 * </ul>
 * Row findings are located at the offending cell ({@code Sheet1!C7}); with several rows for one patient,
 * the first is compared with the tree.
 *
 * @param columns           which headers are identifying
 * @param ageToleranceYears how far the sheet's age may be from the DICOM age, in whole years, when the dates the two
 *                          ages refer to are not both known (the sheet has no {@link ClinicalField#AGE_DATE} column or
 *                          the header no Study Date). {@link #DEFAULT} allows {@value #AGE_TOLERANCE_FROM_DATES_YEARS}:
 *                          two ages in completed years of one person taken on dates less than a year apart differ by
 *                          one when a birthday falls between them. Give more when the sheet's ages are known to be
 *                          taken years apart from the studies. With both dates, the range is computed from them.
 */
public record ClinicalSheetCheck(SheetColumns columns, int ageToleranceYears) {

    public static final ClinicalSheetCheck DEFAULT = new ClinicalSheetCheck(SheetColumns.defaults(), ClinicalSheetCheck.AGE_TOLERANCE_FROM_DATES_YEARS);

    /**
     * Ages in completed years taken on two dates less than a year apart differ by one when a birthday falls between
     * them: the tolerance when the dates are not known.
     */
    public static final int AGE_TOLERANCE_FROM_DATES_YEARS = 1;

    public ClinicalSheetCheck {
        Objects.requireNonNull(columns, "columns");
        if (ageToleranceYears < 0) {
            throw new IllegalArgumentException("ageToleranceYears must not be negative, got " + ageToleranceYears);
        }
    }

    /** Every finding about {@code sheet} given the tree's {@code patients} (a patient listed twice counts once). */
    public List<Finding> check(ClinicalSheet sheet, Collection<DatasetPatient> patients) {
        List<Finding> findings = new ArrayList<>(sheet.findings());
        for (int c = 0; c < sheet.headers().size(); c++) {
            String header = sheet.headers().get(c);
            if (columns.isIdentifying(header)) {
                findings.add(Finding.error("clinical.identifying-column", sheet.cell(sheet.headerRow(), c),
                        "column '" + header + "' identifies a person; a de-identified sheet must not have it"));
            }
        }
        Map<String, DatasetPatient> tree = new LinkedHashMap<>();
        patients.forEach(p -> tree.putIfAbsent(p.patientId(), p));
        Map<String, ClinicalRecord> firstRows = new HashMap<>();
        for (ClinicalRecord row : sheet.records()) {
            ClinicalRecord first = firstRows.putIfAbsent(row.patientId(), row);
            if (first != null) {
                findings.add(Finding.error("clinical.patient-duplicate", sheet.cell(row.rowNumber(), ClinicalField.PATIENT_ID),
                        "patient " + row.patientId() + " already has row " + first.rowNumber()));
                continue;
            }
            DatasetPatient patient = tree.get(row.patientId());
            if (patient == null) {
                findings.add(Finding.warning("clinical.row-without-patient", sheet.cell(row.rowNumber(), ClinicalField.PATIENT_ID),
                        "patient " + row.patientId() + " has a row but no folder in the dataset"));
                continue;
            }
            compare(sheet, row, patient, findings);
        }
        for (DatasetPatient p : tree.values()) {
            if (!firstRows.containsKey(p.patientId())) {
                findings.add(Finding.error("clinical.patient-missing", Location.ofFile(sheet.file()),
                        p.caseClass().folderName() + " patient " + p.patientId() + " has no row in the sheet"));
            }
        }
        return findings;
    }

    /**
     * The ages in completed years a person of DICOM age {@code dicomAge} (e.g. {@code 063Y}) on {@code headerDate}
     * can have on {@code sheetDate}; one age when the dates allow. Empty when {@code dicomAge} is not an age string.
     */
    static Optional<DicomAge.Range> allowedAges(String dicomAge, java.time.LocalDate headerDate, java.time.LocalDate sheetDate) {
        return DicomAge.yearsOn(dicomAge, headerDate, sheetDate);
    }

    private void compare(ClinicalSheet sheet, ClinicalRecord row, DatasetPatient patient, List<Finding> findings) {
        int r = row.rowNumber();
        String id = row.patientId();
        if (patient.caseClass() == CaseClass.MALIGNANT && row.pathology().isEmpty()) {
            findings.add(Finding.error("clinical.pathology-missing", sheet.cell(r, ClinicalField.PATHOLOGY),
                    "malignant patient " + id + " has no pathology result"));
        }
        if (row.ageYears().isPresent() && patient.dicomPatientAge().isPresent()) {
            String dicom = patient.dicomPatientAge().get();
            OptionalInt years = DicomAge.years(dicom);
            int sheetAge = row.ageYears().getAsInt();
            if (years.isEmpty()) {
                findings.add(Finding.warning("clinical.dicom-age-invalid", sheet.cell(r, ClinicalField.AGE),
                        "patient " + id + ": DICOM Patient's Age '" + dicom + "' is not an age string such as 063Y"));
            } else if (row.ageDate().isPresent() && patient.dicomAgeDate().isPresent()) {
                DicomAge.Range allowed = allowedAges(dicom, patient.dicomAgeDate().get(), row.ageDate().get()).orElseThrow();
                if (!allowed.contains(sheetAge)) {
                    findings.add(Finding.error("clinical.age-mismatch", sheet.cell(r, ClinicalField.AGE),
                            "patient " + id + ": the sheet says age " + sheetAge + " on " + row.ageDate().get()
                                    + ", the DICOM header " + dicom + " on " + patient.dicomAgeDate().get()
                                    + ", which on " + row.ageDate().get() + " makes " + allowed + " years"));
                }
            } else if (Math.abs(years.getAsInt() - sheetAge) > ageToleranceYears) {
                findings.add(Finding.error("clinical.age-mismatch", sheet.cell(r, ClinicalField.AGE),
                        "patient " + id + ": the sheet says age " + sheetAge + ", the DICOM header "
                                + dicom + " (" + years.getAsInt() + " years)"
                                + ", more than the " + ageToleranceYears + (ageToleranceYears == 1 ? " year" : " years")
                                + " two ages on dates less than a year apart may differ by ("
                                + (row.ageDate().isEmpty() ? "the sheet gives no date for its age: a column "
                                        + columns.headers().getOrDefault(ClinicalField.AGE_DATE, List.of("age_date")).get(0)
                                        + " makes the check exact" : "the header has no Study Date") + ")"));
            }
        }
        if (row.sex().isPresent() && patient.dicomPatientSex().isPresent()) {
            String dicom = patient.dicomPatientSex().get();
            Optional<Sex> sex = Sex.fromDicom(dicom);
            if (sex.isEmpty()) {
                findings.add(Finding.warning("clinical.dicom-sex-invalid", sheet.cell(r, ClinicalField.SEX),
                        "patient " + id + ": DICOM Patient's Sex '" + dicom + "' is not M, F or O"));
            } else if (sex.get() != row.sex().get()) {
                findings.add(Finding.error("clinical.sex-mismatch", sheet.cell(r, ClinicalField.SEX),
                        "patient " + id + ": the sheet says " + row.sex().get().dicomCode() + ", the DICOM header " + dicom));
            }
        }
    }
}

package dev.pulmo.clinical;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One row of the clinical sheet, typed. Cells that were empty, or that could not be read (reported as a
 * finding by the reader), are absent.
 *
 * @param rowNumber   the 1-based row in the sheet (the spreadsheet's row number; for CSV the record number,
 *                    the header being record 1)
 * @param patientId   the de-identified patient id, trimmed
 * @param ageYears    age in whole years
 * @param sex         sex
 * @param pathology   pathology result, trimmed, if not blank
 * @param smoking     smoking history as written, trimmed, if not blank
 * @param values      every cell of the row by its header as written in the sheet, trimmed (blank cells
 *                    included as empty strings), in column order — for columns the typed fields do not cover
 * @param ageDate     the date {@code ageYears} refers to ({@link ClinicalField#AGE_DATE}), when the sheet gives it
 */
public record ClinicalRecord(int rowNumber, String patientId, OptionalInt ageYears, Optional<Sex> sex,
                             Optional<String> pathology, Optional<String> smoking, Map<String, String> values,
                             Optional<LocalDate> ageDate) {
    public ClinicalRecord {
        if (rowNumber < 1) {
            throw new IllegalArgumentException("rowNumber is 1-based, got " + rowNumber);
        }
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(ageYears, "ageYears");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(pathology, "pathology");
        Objects.requireNonNull(smoking, "smoking");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Objects.requireNonNull(ageDate, "ageDate");
    }

    /** A row whose age refers to no known date. */
    public ClinicalRecord(int rowNumber, String patientId, OptionalInt ageYears, Optional<Sex> sex,
                          Optional<String> pathology, Optional<String> smoking, Map<String, String> values) {
        this(rowNumber, patientId, ageYears, sex, pathology, smoking, values, Optional.empty());
    }
}

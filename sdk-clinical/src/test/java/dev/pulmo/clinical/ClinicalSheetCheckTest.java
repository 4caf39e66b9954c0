package dev.pulmo.clinical;

import static dev.pulmo.clinical.Sheets.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sheet against the dataset tree: one sheet with every fault, each reported once at its cell. */
class ClinicalSheetCheckTest {
    @TempDir
    Path dir;

    private static DatasetPatient patient(String id, CaseClass c, String age, String sex) {
        return new DatasetPatient(id, c, Optional.ofNullable(age), Optional.ofNullable(sex));
    }

    private static final List<DatasetPatient> TREE = List.of(
            patient("A000001", CaseClass.MALIGNANT, "063Y", "M"),
            patient("A000002", CaseClass.MALIGNANT, "055Y", "F"),
            patient("A000003", CaseClass.BENIGN, "068Y", "F"),
            patient("A000004", CaseClass.NORMAL, "040Y", "F"),
            patient("A000006", CaseClass.NORMAL, null, null),
            patient("A000007", CaseClass.BENIGN, "63", "X"),
            patient("A000008", CaseClass.NORMAL, "018M", null));

    private ClinicalSheet sheet(boolean withIdentifyingColumns) {
        List<List<Object>> rows = withIdentifyingColumns
                ? List.of(
                        row("비식별환자ID", "나이", "성별", "병리결과", "흡연력", "이름", "생년월일", "Phone Number"),
                        row("A000001", 63, "M", "Adenocarcinoma", "never", "홍길동", "1958-01-01", "010-0000-0000"))
                : List.of(
                        row("비식별환자ID", "나이", "성별", "병리결과", "흡연력"),
                        row("A000001", 63, "M", "Adenocarcinoma", "never"),       // 2: consistent
                        row("A000002", 55, "F", null, "former"),                  // 3: malignant, no pathology
                        row("A000003", 70, "F", null, "current"),                 // 4: DICOM says 68
                        row("A000004", 40, "M", null, null),                      // 5: DICOM says F
                        row("A000005", 50, "F", null, null),                      // 6: no folder
                        row("A000001", 63, "M", "Adenocarcinoma", "never"),       // 7: duplicate of row 2
                        row("A000007", 63, "F", null, null),                      // 8: DICOM values malformed
                        row("A000008", 1, null, null, null));                     // 9: 18 months = 1 year
        return ClinicalSheetReader.withDefaults().read(Sheets.xlsx(dir, "clinical.xlsx", "CT", rows));
    }

    @Test
    void reportsEachFaultAtItsCell() {
        List<Finding> findings = ClinicalSheetCheck.DEFAULT.check(sheet(false), TREE);

        assertThat(findings).extracting(Finding::severity, Finding::code, f -> f.location().pointer()).containsExactly(
                tuple(Severity.ERROR, "clinical.pathology-missing", "CT!D3"),
                tuple(Severity.ERROR, "clinical.age-mismatch", "CT!B4"),
                tuple(Severity.ERROR, "clinical.sex-mismatch", "CT!C5"),
                tuple(Severity.WARNING, "clinical.row-without-patient", "CT!A6"),
                tuple(Severity.ERROR, "clinical.patient-duplicate", "CT!A7"),
                tuple(Severity.WARNING, "clinical.dicom-age-invalid", "CT!B8"),
                tuple(Severity.WARNING, "clinical.dicom-sex-invalid", "CT!C8"),
                tuple(Severity.ERROR, "clinical.patient-missing", null));
        assertThat(findings.get(1).message()).isEqualTo("patient A000003: the sheet says age 70, the DICOM header 068Y (68 years), "
                + "more than the 1 year two ages on dates less than a year apart may differ by (the sheet gives no date for "
                + "its age: a column 나이기준일 makes the check exact)");
        assertThat(findings.get(2).message()).isEqualTo("patient A000004: the sheet says M, the DICOM header F");
        assertThat(findings.get(4).message()).isEqualTo("patient A000001 already has row 2");
        assertThat(findings.get(7).message()).isEqualTo("normal patient A000006 has no row in the sheet");
        assertThat(findings.get(7).location().file()).endsWith("clinical.xlsx");
    }

    @Test
    void aOneYearDifferenceIsABirthdayBetweenTheTwoDatesNotAnError() {
        List<DatasetPatient> tree = List.of(patient("A000001", CaseClass.NORMAL, "063Y", "M"),
                patient("A000002", CaseClass.NORMAL, "055Y", "F"), patient("A000003", CaseClass.NORMAL, "068Y", "F"));
        ClinicalSheet sheet = ClinicalSheetReader.withDefaults().read(Sheets.xlsx(dir, "ages.xlsx", "CT", List.of(
                row("비식별환자ID", "나이", "성별", "병리결과", "흡연력"),
                row("A000001", 64, "M", null, "never"),     // birthday after the study: one more
                row("A000002", 54, "F", null, "never"),     // birthday before the study: one less
                row("A000003", 70, "F", null, "never"))));  // two years: not what two dates make
        assertThat(ClinicalSheetCheck.DEFAULT.check(sheet, tree)).extracting(Finding::code, f -> f.location().pointer())
                .containsExactly(tuple("clinical.age-mismatch", "CT!B4"));
        assertThat(new ClinicalSheetCheck(SheetColumns.defaults(), 0).check(sheet, tree))
                .filteredOn(f -> f.code().equals("clinical.age-mismatch")).extracting(f -> f.location().pointer())
                .containsExactly("CT!B2", "CT!B3", "CT!B4");
    }

    /**
     * With the date of the sheet's age and the header's Study Date, the allowed ages come from the dates. Worked by
     * hand: 063Y on 2020-06-15 puts the birthday in 1956-06-16 .. 1957-06-15 (inclusive).
     * <ul>
     *   <li>on 2020-06-15 (the same day): 63 only</li>
     *   <li>on 2021-06-14: 64 (born 1956-06-16, birthday tomorrow) down to 63 (born 1957-06-15): 63 or 64</li>
     *   <li>on 2021-06-15: 64 whichever the birthday (born 1957-06-15: 64 today; born 1956-06-16: 64 until tomorrow)</li>
     *   <li>on 2022-06-15, two years on: 65 only (the old one-year tolerance took 64 and refused 65)</li>
     *   <li>on 2019-06-16, a year less a day before: 62 (born 1957-06-15) to 63 (born 1956-06-16, birthday that day)</li>
     * </ul>
     */
    @Test
    void withBothDatesTheAllowedAgesAreWhatTheDatesImplyExactWhenTheyAllow() {
        java.time.LocalDate study = java.time.LocalDate.of(2020, 6, 15);
        String[][] cases = {
                // sheet date, sheet age, expected: ok or mismatch
                {"2020-06-15", "63", "ok"}, {"2020-06-15", "62", "mismatch"}, {"2020-06-15", "64", "mismatch"},
                {"2021-06-14", "63", "ok"}, {"2021-06-14", "64", "ok"}, {"2021-06-14", "62", "mismatch"}, {"2021-06-14", "65", "mismatch"},
                {"2021-06-15", "64", "ok"}, {"2021-06-15", "63", "mismatch"}, {"2021-06-15", "65", "mismatch"},
                {"2022-06-15", "65", "ok"}, {"2022-06-15", "64", "mismatch"}, {"2022-06-15", "66", "mismatch"},
                {"2019-06-16", "62", "ok"}, {"2019-06-16", "63", "ok"}, {"2019-06-16", "61", "mismatch"}, {"2019-06-16", "64", "mismatch"},
                {"20190616", "63", "ok"}, {"2019.06.16", "64", "mismatch"}, {"6/16/19", "62", "ok"}, {"6/16/19", "61", "mismatch"}};
        StringBuilder csv = new StringBuilder("환자ID,나이,성별,병리결과,흡연력,나이기준일\n");
        List<DatasetPatient> tree = new java.util.ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            String id = String.format("P%06d", i);
            csv.append(id).append(',').append(cases[i][1]).append(",M,,never,").append(cases[i][0]).append('\n');
            tree.add(new DatasetPatient(id, CaseClass.NORMAL, Optional.of("063Y"), Optional.of("M"), Optional.of(study)));
        }
        ClinicalSheet sheet = ClinicalSheetReader.withDefaults().read(Sheets.csv(dir, "dated.csv", csv.toString(), false));
        assertThat(sheet.findings()).isEmpty();
        List<Finding> findings = ClinicalSheetCheck.DEFAULT.check(sheet, tree);
        for (int i = 0; i < cases.length; i++) {
            String cell = "B" + (i + 2);
            assertThat(findings.stream().anyMatch(f -> f.code().equals("clinical.age-mismatch") && f.location().pointer().equals(cell)))
                    .as("age %s on %s", cases[i][1], cases[i][0]).isEqualTo(cases[i][2].equals("mismatch"));
        }
        assertThat(findings).filteredOn(f -> f.location().pointer().equals("B10")).singleElement()
                .extracting(Finding::message).isEqualTo("patient P000008: the sheet says age 63 on 2021-06-15, the DICOM header "
                        + "063Y on 2020-06-15, which on 2021-06-15 makes 64 years");
        assertThat(findings).filteredOn(f -> f.location().pointer().equals("B5")).isEmpty();
    }

    @Test
    void monthAgesAndUnreadableDatesAreHandled() {
        // 018M on 2021-01-10: born 2019-06-11 .. 2019-07-10; on 2021-07-10 that is 2 years (born 2019-07-10, birthday
        // today) or 2 (born 2019-06-11): exactly 2
        ClinicalSheet sheet = ClinicalSheetReader.withDefaults().read(Sheets.csv(dir, "m.csv",
                "환자ID,나이,성별,병리결과,흡연력,age_date\nM000001,1,F,,never,2021-07-10\nM000002,2,F,,never,2021-07-10\n"
                        + "M000003,2,F,,never,2021-13-40\n", false));
        assertThat(sheet.findings()).extracting(Finding::code, f -> f.location().pointer())
                .containsExactly(tuple("clinical.cell-invalid", "F4"));
        java.time.LocalDate study = java.time.LocalDate.of(2021, 1, 10);
        List<DatasetPatient> tree = List.of(
                new DatasetPatient("M000001", CaseClass.NORMAL, Optional.of("018M"), Optional.of("F"), Optional.of(study)),
                new DatasetPatient("M000002", CaseClass.NORMAL, Optional.of("018M"), Optional.of("F"), Optional.of(study)),
                new DatasetPatient("M000003", CaseClass.NORMAL, Optional.of("018M"), Optional.of("F"), Optional.of(study)));
        // M000003's date could not be read: compared within the tolerance (1 year of 1): 2 is allowed
        assertThat(ClinicalSheetCheck.DEFAULT.check(sheet, tree)).extracting(Finding::code, f -> f.location().pointer())
                .containsExactly(tuple("clinical.cell-invalid", "F4"), tuple("clinical.age-mismatch", "B2"));
    }

    @Test
    void theAgeToleranceAllowsAgesAtDifferentDates() {
        List<Finding> findings = new ClinicalSheetCheck(SheetColumns.defaults(), 2).check(sheet(false), TREE);
        assertThat(findings).extracting(Finding::code).doesNotContain("clinical.age-mismatch")
                .contains("clinical.sex-mismatch", "clinical.pathology-missing");
    }

    @Test
    void identifyingColumnsAreErrorsAtTheirHeaderCell() {
        List<Finding> findings = ClinicalSheetCheck.DEFAULT.check(sheet(true), List.of(patient("A000001", CaseClass.MALIGNANT, "063Y", "M")));

        assertThat(findings).extracting(Finding::severity, Finding::code, f -> f.location().pointer()).containsExactly(
                tuple(Severity.ERROR, "clinical.identifying-column", "CT!F1"),
                tuple(Severity.ERROR, "clinical.identifying-column", "CT!G1"),
                tuple(Severity.ERROR, "clinical.identifying-column", "CT!H1"));
        assertThat(findings.get(0).message()).contains("'이름'");
    }

    @Test
    void theSheetsOwnCellFindingsComeFirst() {
        Path csv = Sheets.csv(dir, "c.csv", "환자ID,나이,성별,주소\nZ000001,abc,M,\n", false);
        List<Finding> findings = ClinicalSheetCheck.DEFAULT.check(ClinicalSheetReader.withDefaults().read(csv), List.of());
        assertThat(findings).extracting(Finding::code, f -> f.location().pointer()).containsExactly(
                tuple("clinical.column-missing", "A1"),
                tuple("clinical.column-missing", "A1"),
                tuple("clinical.cell-invalid", "B2"),
                tuple("clinical.identifying-column", "D1"),
                tuple("clinical.row-without-patient", "A2"));
    }

    @Test
    void aMatchingSheetGivesNoFinding() {
        ClinicalSheet sheet = ClinicalSheetReader.withDefaults().read(Sheets.csv(dir, "ok.csv",
                "비식별 환자 ID,나이,성별,병리결과,흡연력\nK000001,063Y,M,Adenocarcinoma,never\nK000002,7,F,,\n", true));
        List<DatasetPatient> tree = List.of(patient("K000001", CaseClass.MALIGNANT, "063Y", "M"),
                patient("K000002", CaseClass.NORMAL, "090M", "F"));
        assertThat(ClinicalSheetCheck.DEFAULT.check(sheet, tree)).isEmpty();
    }
}

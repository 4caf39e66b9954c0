package dev.pulmo.clinical;

import static dev.pulmo.clinical.Sheets.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the clinical sheet from .xlsx and .csv: typed rows, cell findings with their cell, syntax errors. */
class ClinicalSheetReaderTest {
    @TempDir
    Path dir;

    private static final ClinicalSheetReader READER = ClinicalSheetReader.withDefaults();

    @Test
    void readsAWorkbookWithKoreanHeadersAndNumericCells() {
        Path file = Sheets.xlsx(dir, "clinical.xlsx", "Sheet1", List.of(
                row("비식별 환자 ID", "나이", "성별", "병리결과", "흡연력", "비고"),
                row("A000001", 63, "남", "Adenocarcinoma", "과거흡연 30갑년", "재검"),
                row("A000002", 58.0, "여성", null, "비흡연", null)));

        ClinicalSheet sheet = READER.read(file);

        assertThat(sheet.findings()).isEmpty();
        assertThat(sheet.sheetName()).contains("Sheet1");
        assertThat(sheet.headerRow()).isEqualTo(1);
        assertThat(sheet.records()).containsExactly(
                new ClinicalRecord(2, "A000001", OptionalInt.of(63), Optional.of(Sex.MALE), Optional.of("Adenocarcinoma"),
                        Optional.of("과거흡연 30갑년"), java.util.Map.of("비식별 환자 ID", "A000001", "나이", "63", "성별", "남",
                        "병리결과", "Adenocarcinoma", "흡연력", "과거흡연 30갑년", "비고", "재검")),
                new ClinicalRecord(3, "A000002", OptionalInt.of(58), Optional.of(Sex.FEMALE), Optional.empty(),
                        Optional.of("비흡연"), java.util.Map.of("비식별 환자 ID", "A000002", "나이", "58", "성별", "여성",
                        "병리결과", "", "흡연력", "비흡연", "비고", "")));
        assertThat(sheet.records().get(0).values().keySet()).containsExactly("비식별 환자 ID", "나이", "성별", "병리결과", "흡연력", "비고");
    }

    @Test
    void readsTheOldBinaryWorkbookFormatToo() {
        Path file = Sheets.xlsx(dir, "clinical.xls", "Sheet1", List.of(
                row("비식별환자ID", "나이", "성별", "병리결과", "흡연력"),
                row("A000009", 49, "F", "Adenocarcinoma", "never")));
        ClinicalSheet sheet = READER.read(file);
        assertThat(sheet.findings()).isEmpty();
        assertThat(sheet.records()).singleElement().satisfies(r -> {
            assertThat(r.ageYears()).hasValue(49);
            assertThat(r.pathology()).contains("Adenocarcinoma");
        });
        assertThat(sheet.cell(2, ClinicalField.SEX).pointer()).isEqualTo("Sheet1!C2");
    }

    @Test
    void readsRfc4180CsvWithByteOrderMarkAndEnglishHeaders() {
        Path file = Sheets.csv(dir, "clinical.csv",
                "patient_id,Age,sex,pathology,smoking_history,site\r\n"
                        + "B000001,071Y,F,\"Squamous cell carcinoma, grade 2\",\"former, \"\"30 pack-years\"\"\",\"Seoul\r\nnorth\"\r\n"
                        + "B000002,45,male,,never,\n"
                        + "\n"
                        + "B000003,,,,,", true);

        ClinicalSheet sheet = READER.read(file);

        assertThat(sheet.findings()).isEmpty();
        assertThat(sheet.sheetName()).isEmpty();
        assertThat(sheet.records()).extracting(ClinicalRecord::rowNumber, ClinicalRecord::patientId, ClinicalRecord::ageYears,
                ClinicalRecord::sex, ClinicalRecord::pathology, ClinicalRecord::smoking).containsExactly(
                tuple(2, "B000001", OptionalInt.of(71), Optional.of(Sex.FEMALE), Optional.of("Squamous cell carcinoma, grade 2"),
                        Optional.of("former, \"30 pack-years\"")),
                tuple(3, "B000002", OptionalInt.of(45), Optional.of(Sex.MALE), Optional.empty(), Optional.of("never")),
                tuple(5, "B000003", OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(sheet.value("B000001", "site")).contains("Seoul\r\nnorth");
        assertThat(sheet.value("B000001", "SMOKING HISTORY")).contains("former, \"30 pack-years\"");
        assertThat(sheet.value("B000001", ClinicalField.PATHOLOGY)).contains("Squamous cell carcinoma, grade 2");
        assertThat(sheet.value("B000002", "pathology")).isEmpty();
        assertThat(sheet.value("B000009", "sex")).isEmpty();
        assertThat(sheet.value("B000001", "no such column")).isEmpty();
    }

    @Test
    void csvWithoutByteOrderMarkAndWithoutFinalLineBreakReadsTheSame() {
        Path file = Sheets.csv(dir, "plain.csv", "환자ID,나이,성별\nC000001,80세,여", false);
        ClinicalSheet sheet = READER.read(file);
        assertThat(sheet.findings()).extracting(Finding::code, Finding::message).containsExactly(
                tuple("clinical.column-missing", "no PATHOLOGY column; expected a header named one of "
                        + "[병리결과, 병리, 조직검사결과, pathology, pathology_result]"),
                tuple("clinical.column-missing", "no SMOKING column; expected a header named one of "
                        + "[흡연력, 흡연, 흡연여부, smoking, smoking_history]"));
        assertThat(sheet.records()).singleElement().satisfies(r -> {
            assertThat(r.ageYears()).hasValue(80);
            assertThat(r.sex()).contains(Sex.FEMALE);
        });
    }

    @Test
    void everyFaultyCellIsAFindingNamingFileSheetAndCell() {
        Path file = Sheets.xlsx(dir, "faults.xlsx", "환자 정보", List.of(
                row("환자ID", "나이", "성별", "병리결과", "흡연력"),
                row("D000001", "sixty", "M", "Adenocarcinoma", "never"),
                row("D000002", 40, "X", null, null),
                row(null, 50, "F", null, "never"),
                row("D0000030", 151, "F", null, null),
                row("D000004", "63.5", "여", null, null)));

        ClinicalSheet sheet = READER.read(file);

        assertThat(sheet.findings()).extracting(Finding::severity, Finding::code, f -> f.location().pointer()).containsExactly(
                tuple(Severity.ERROR, "clinical.cell-invalid", "'환자 정보'!B2"),
                tuple(Severity.ERROR, "clinical.cell-invalid", "'환자 정보'!C3"),
                tuple(Severity.ERROR, "clinical.cell-missing", "'환자 정보'!A4"),
                tuple(Severity.ERROR, "clinical.patient-id-too-long", "'환자 정보'!A5"),
                tuple(Severity.ERROR, "clinical.cell-invalid", "'환자 정보'!B5"),
                tuple(Severity.ERROR, "clinical.cell-invalid", "'환자 정보'!B6"));
        assertThat(sheet.findings()).allSatisfy(f -> assertThat(f.location().file()).isEqualTo(file.toString()));
        assertThat(sheet.findings().get(0).toString()).endsWith("faults.xlsx '환자 정보'!B2: age 'sixty' of patient D000001 is not a whole number of years from 0 to 150");
        assertThat(sheet.findings().get(1).message()).contains("sex 'X'");
        // faulty cells leave their field empty; the rows stay (except the one without id)
        assertThat(sheet.records()).extracting(ClinicalRecord::patientId, ClinicalRecord::ageYears).containsExactly(
                tuple("D000001", OptionalInt.empty()), tuple("D000002", OptionalInt.of(40)),
                tuple("D0000030", OptionalInt.empty()), tuple("D000004", OptionalInt.empty()));
        assertThat(sheet.records().get(1).sex()).isEmpty();
    }

    @Test
    void missingAndAmbiguousColumnsAreReportedAtTheHeader() {
        Path file = Sheets.csv(dir, "cols.csv", "\n\nname,나이,age\nE000001,50,51\n", false);
        ClinicalSheet sheet = READER.read(file);

        assertThat(sheet.headerRow()).isEqualTo(3);
        assertThat(sheet.records()).isEmpty();
        assertThat(sheet.findings()).extracting(Finding::severity, Finding::code, f -> f.location().pointer()).containsExactly(
                tuple(Severity.WARNING, "clinical.column-ambiguous", "C3"),
                tuple(Severity.ERROR, "clinical.column-missing", "A3"),
                tuple(Severity.WARNING, "clinical.column-missing", "A3"),
                tuple(Severity.WARNING, "clinical.column-missing", "A3"),
                tuple(Severity.WARNING, "clinical.column-missing", "A3"));
        assertThat(sheet.findings().get(1).message()).contains("PATIENT_ID", "비식별환자ID", "patient_id");
    }

    @Test
    void columnNamesAreConfigurable() {
        Path file = Sheets.csv(dir, "custom.csv", "PID,Years,Gender\nF000001,33,F\n", false);
        SheetColumns columns = SheetColumns.defaults()
                .withHeaders(ClinicalField.PATIENT_ID, "PID")
                .withHeaders(ClinicalField.AGE, "Years");

        ClinicalSheet sheet = READER.columns(columns).read(file);

        assertThat(sheet.records()).singleElement().satisfies(r -> {
            assertThat(r.patientId()).isEqualTo("F000001");
            assertThat(r.ageYears()).hasValue(33);
            assertThat(r.sex()).contains(Sex.FEMALE);
        });
        assertThat(sheet.findings()).extracting(Finding::code).containsOnly("clinical.column-missing");
        assertThat(READER.read(file).records()).isEmpty();
    }

    @Test
    void readsTheNamedSheetAndNamesTheSheetsWhenItIsMissing() {
        Path file = Sheets.xlsx(dir, "two.xlsx",
                "CT", List.of(row("환자ID", "나이"), row("G000001", 50)),
                "PET", List.of(row("환자ID", "나이"), row("G000002", 60)));

        assertThat(READER.read(file).records()).extracting(ClinicalRecord::patientId).containsExactly("G000001");
        ClinicalSheet pet = READER.sheet("PET").read(file);
        assertThat(pet.records()).extracting(ClinicalRecord::patientId).containsExactly("G000002");
        assertThat(pet.cell(2, 1).pointer()).isEqualTo("PET!B2");
        assertThatThrownBy(() -> READER.sheet("X-ray").read(file))
                .isInstanceOf(ClinicalSheetException.class)
                .hasMessageContaining("two.xlsx").hasMessageContaining("no sheet named 'X-ray'").hasMessageContaining("[CT, PET]");
    }

    @Test
    void csvSyntaxErrorsNameLineAndColumn() {
        Path unclosed = Sheets.csv(dir, "unclosed.csv", "환자ID,병리결과\nH000001,\"Adeno\nH000002,x\n", false);
        assertThatThrownBy(() -> READER.read(unclosed)).isInstanceOf(ClinicalSheetException.class)
                .hasMessage(unclosed + ":2:9: the quoted field opened here is never closed (expected a closing '\"')");

        Path stray = Sheets.csv(dir, "stray.csv", "환자ID,병리결과\nH000001,Adeno \"x\"\n", false);
        assertThatThrownBy(() -> READER.read(stray)).isInstanceOf(ClinicalSheetException.class)
                .hasMessageStartingWith(stray + ":2:15: a quote inside an unquoted field");

        Path after = Sheets.csv(dir, "after.csv", "환자ID,병리결과\nH000001,\"Adeno\"x\n", false);
        assertThatThrownBy(() -> READER.read(after)).isInstanceOf(ClinicalSheetException.class)
                .hasMessageStartingWith(after + ":2:16: expected ',' or the end of the line after a closing quote, found 'x'");
    }

    @Test
    void aCp949CsvIsRejectedNamingTheByteOffset() throws Exception {
        Path file = dir.resolve("cp949.csv");
        Files.write(file, "ID,성별\n".getBytes(Charset.forName("x-windows-949")));
        // "ID," is 3 ASCII bytes; the first byte of 성 in CP949 is 0xBC, not valid as a UTF-8 lead byte here
        assertThatThrownBy(() -> READER.read(file)).isInstanceOf(ClinicalSheetException.class)
                .hasMessageStartingWith(file + " @3: not UTF-8 (byte 0xBC)")
                .hasMessageContaining("CSV UTF-8");
    }

    @Test
    void otherFilesAreRejected() throws Exception {
        Path text = Files.writeString(dir.resolve("sheet.txt"), "x");
        assertThatThrownBy(() -> READER.read(text)).isInstanceOf(ClinicalSheetException.class)
                .hasMessageContaining("expected a .xlsx, .xls or .csv file");
        Path notZip = Files.writeString(dir.resolve("broken.xlsx"), "not a workbook");
        assertThatThrownBy(() -> READER.read(notZip)).isInstanceOf(ClinicalSheetException.class)
                .hasMessageStartingWith(notZip + ": not a readable Excel workbook");
        Path empty = Sheets.csv(dir, "empty.csv", "\n\n", false);
        assertThat(READER.read(empty).findings()).extracting(Finding::code, f -> f.location().pointer())
                .containsExactly(tuple("clinical.sheet-empty", "A1"));
    }

    @Test
    void headerNormalisationAndSexCodes() {
        assertThat(SheetColumns.normalize("비식별 환자 ID")).isEqualTo(SheetColumns.normalize("비식별_환자_id"))
                .isEqualTo("비식별환자id");
        assertThat(SheetColumns.defaults().fieldOf(" Patient ID ")).contains(ClinicalField.PATIENT_ID);
        assertThat(SheetColumns.defaults().fieldOf("patient age")).isEmpty();
        assertThat(SheetColumns.defaults().isIdentifying("주민등록번호")).isTrue();
        assertThat(SheetColumns.defaults().isIdentifying("Date of Birth")).isTrue();
        assertThat(SheetColumns.defaults().isIdentifying("pathology")).isFalse();
        assertThat(Sex.parse(" F ")).contains(Sex.FEMALE);
        assertThat(Sex.parse("남자")).contains(Sex.MALE);
        assertThat(Sex.parse("?")).isEmpty();
        assertThat(Sex.fromDicom("O ")).contains(Sex.OTHER);
        assertThat(Sex.fromDicom("male")).isEmpty();
        assertThat(ClinicalSheet.columnLetters(0)).isEqualTo("A");
        assertThat(ClinicalSheet.columnLetters(25)).isEqualTo("Z");
        assertThat(ClinicalSheet.columnLetters(26)).isEqualTo("AA");
        assertThat(ClinicalSheet.columnLetters(27 * 26)).isEqualTo("AAA");
    }
}

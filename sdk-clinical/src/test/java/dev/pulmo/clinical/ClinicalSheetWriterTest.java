package dev.pulmo.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The written sheet read back by POI's own user model and by our reader; the same rows give the same bytes. */
class ClinicalSheetWriterTest {
    private static final List<ClinicalSheetWriter.Row> ROWS = List.of(
            new ClinicalSheetWriter.Row("P0A1B2C", "63", "M", "선암, adenocarcinoma \"G2\"", "former"),
            new ClinicalSheetWriter.Row("P77ZZ01", "", "F", "", "never <20 py> & more"));

    @Test
    void writesWhatExcelAndTheReaderReadBack(@TempDir Path dir) throws Exception {
        Path xlsx = dir.resolve("chest-ct.xlsx");
        Path csv = dir.resolve("chest-ct.csv");
        ClinicalSheetWriter.writeXlsx(xlsx, "chest-ct", ROWS);
        ClinicalSheetWriter.writeCsv(csv, ROWS);
        try (Workbook wb = WorkbookFactory.create(xlsx.toFile(), null, true)) {
            Sheet sheet = wb.getSheet("chest-ct");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("비식별환자ID");
            assertThat(sheet.getRow(1).getCell(1).getNumericCellValue()).isEqualTo(63.0);
            assertThat(sheet.getRow(1).getCell(3).getStringCellValue()).isEqualTo("선암, adenocarcinoma \"G2\"");
            assertThat(sheet.getRow(2).getCell(4).getStringCellValue()).isEqualTo("never <20 py> & more");
        }
        for (Path file : List.of(xlsx, csv)) {
            ClinicalSheet read = ClinicalSheetReader.withDefaults().read(file);
            assertThat(read.findings()).as(file.toString()).filteredOn(f -> f.severity() == dev.pulmo.api.Severity.ERROR).isEmpty();
            assertThat(read.records()).extracting(ClinicalRecord::patientId).containsExactly("P0A1B2C", "P77ZZ01");
            assertThat(read.records().get(0).ageYears().getAsInt()).isEqualTo(63);
            assertThat(read.records().get(1).sex()).contains(Sex.FEMALE);
            assertThat(read.records().get(0).pathology()).contains("선암, adenocarcinoma \"G2\"");
        }
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).startsWith("\uFEFF비식별환자ID,나이,성별,병리결과,흡연력\r\n");

        byte[] first = Files.readAllBytes(xlsx);
        Thread.sleep(1100); // a zip entry time of "now" would differ by then
        ClinicalSheetWriter.writeXlsx(xlsx, "chest-ct", ROWS);
        assertThat(Files.readAllBytes(xlsx)).isEqualTo(first);
    }
}

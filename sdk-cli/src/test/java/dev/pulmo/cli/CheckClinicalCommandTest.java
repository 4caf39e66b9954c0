package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.Finding;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dataset.ClinicalTreeCheck;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.runtime.PluginRegistry;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulmo check-clinical} on sheets written here (CSV, and an .xlsx made with POI) against the demo tree,
 * whose patients' ages and sexes are read from their DICOM headers here. The demo has CT patients D0001 (benign),
 * D0002 (malignant) and D0003 (normal), PET-CT patients with the same ids, X-ray patients D0101–D0103.
 */
class CheckClinicalCommandTest {
    @TempDir
    static Path dir;
    static Path tree;
    /** CT patient → {age in years, sex}, from the headers. */
    static final Map<String, String[]> HEADER = new HashMap<>();

    @BeforeAll
    static void demoTree() throws Exception {
        tree = dir.resolve("demo");
        try (PluginRegistry registry = PluginRegistry.classpath()) {
            DemoDataset.generate(new DatasetLayout(tree.resolve("lung_cancer"), registry.catalog()), 11, new DemoDataset.Size(1, 2, 2));
        }
        try (Stream<Path> s = Files.walk(tree.resolve("lung_cancer/chest-ct"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".dcm") && f.getParent().getFileName().toString().equals("dcm")).toList()) {
                DicomDataset h = DicomReader.create().withStopBeforePixelData(true).read(p).dataset();
                String age = h.getString(Tag.PatientAge).orElseThrow();
                assertThat(age).matches("\\d{3}Y");
                HEADER.put(h.getString(Tag.PatientID).orElseThrow(), new String[] {Integer.toString(Integer.parseInt(age.substring(0, 3))),
                        h.getString(Tag.PatientSex).orElseThrow()});
            }
        }
        assertThat(HEADER).containsOnlyKeys("D0001", "D0002", "D0003");
    }

    static String age(String patient, int plus) {
        return Integer.toString(Integer.parseInt(HEADER.get(patient)[0]) + plus);
    }

    static String sex(String patient, boolean flipped) {
        boolean male = HEADER.get(patient)[1].equals("M");
        return male != flipped ? "M" : "F";
    }

    /** (code, cell) of every finding of a JSON report. */
    static List<String> codesAndCells(String json) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(json).get("findings")) {
            out.add(f.get("code").asText() + " " + (f.get("pointer").isNull() ? "-" : f.get("pointer").asText()));
        }
        return out;
    }

    @Test
    void aCsvSheetWithFaultsIsReportedCellByCell() throws Exception {
        Path sheet = Files.writeString(dir.resolve("ct.csv"), String.join("\n",
                "비식별환자ID,나이,성별,병리결과,흡연력,이름",
                "D0001," + age("D0001", 0) + "," + sex("D0001", false) + ",,never,홍길동",
                "D0002," + age("D0002", 5) + "," + sex("D0002", false) + ",,current,김철수",
                "D0003," + age("D0003", 0) + "," + sex("D0003", true) + ",,former,",
                "D0999,50,M,,never,", ""));

        Run r = CheckJsonCommandTest.run("check-clinical", sheet.toString(), "--tree", tree.toString(), "--modality", "CCT", "--format", "json");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(codesAndCells(r.out())).containsExactlyInAnyOrder(
                "clinical.identifying-column F1",
                "clinical.age-mismatch B3",
                "clinical.pathology-missing D3",
                "clinical.sex-mismatch C4",
                "clinical.row-without-patient A5");

        // without --modality the X-ray patients are in the tree too, and have no row
        Run all = CheckJsonCommandTest.run("check-clinical", sheet.toString(), "--tree", tree.toString(), "--format", "json");
        assertThat(codesAndCells(all.out()).stream().filter(c -> c.startsWith("clinical.patient-missing"))).hasSize(3);
        assertThat(all.out()).contains("patient D0101 has no row").contains("patient D0102 has no row").contains("patient D0103 has no row");
    }

    @Test
    void aCleanSheetPasses() throws Exception {
        Path sheet = Files.writeString(dir.resolve("clean.csv"), String.join("\n",
                "patient_id,age,sex,pathology,smoking",
                "D0001," + age("D0001", 0) + "," + sex("D0001", false) + ",,never",
                "D0002," + age("D0002", 0) + "," + sex("D0002", false) + ",adenocarcinoma,current",
                "D0003," + age("D0003", 0) + "," + sex("D0003", false) + ",,former", ""));
        Run r = CheckJsonCommandTest.run("check-clinical", sheet.toString(), "--tree", tree.toString(), "--modality", "PCT");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).endsWith("1 file checked: 0 errors, 0 warnings, 0 notes" + System.lineSeparator());
        try (PluginRegistry registry = PluginRegistry.classpath()) {
            assertThat(ClinicalTreeCheck.check(DatasetLayout.of(tree, registry.catalog()), sheet, SheetColumns.defaults(), java.util.Optional.empty()))
                    .extracting(Finding::code).containsExactly("clinical.patient-missing", "clinical.patient-missing",
                            "clinical.patient-missing"); // the X-ray patients
        }
    }

    @Test
    void anExcelSheetMadeWithPoiIsReadWithKoreanValues() throws Exception {
        Path sheet = dir.resolve("ct.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(sheet)) {
            Sheet s = wb.createSheet("임상정보");
            String[][] rows = {
                    {"환자ID", "연령", "성별", "병리", "흡연"},
                    {"D0001", age("D0001", 0), sex("D0001", false).equals("M") ? "남" : "여", "", "비흡연"},
                    {"D0003", age("D0003", 0), sex("D0003", true).equals("M") ? "남성" : "여성", "", "흡연"},
            };
            for (int i = 0; i < rows.length; i++) {
                Row row = s.createRow(i);
                for (int c = 0; c < rows[i].length; c++) {
                    if (i > 0 && c == 1) {
                        row.createCell(c).setCellValue(Integer.parseInt(rows[i][c])); // a numeric cell, as Excel keeps ages
                    } else {
                        row.createCell(c).setCellValue(rows[i][c]);
                    }
                }
            }
            wb.write(out);
        }

        Run r = CheckJsonCommandTest.run("check-clinical", sheet.toString(), "--tree", tree.toString(), "--modality", "CCT", "--format", "json");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(codesAndCells(r.out())).containsExactlyInAnyOrder("clinical.sex-mismatch 임상정보!C3", "clinical.patient-missing -");
        assertThat(r.out()).contains("malignant patient D0002 has no row");
    }

    @Test
    void aSheetThatCannotBeReadIsAnIoFailure() throws Exception {
        Path sheet = Files.writeString(dir.resolve("ct.txt"), "patient_id\nD0001\n");
        Run r = CheckJsonCommandTest.run("check-clinical", sheet.toString(), "--tree", tree.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("file.unreadable").contains("expected a .xlsx, .xls or .csv file");
    }
}

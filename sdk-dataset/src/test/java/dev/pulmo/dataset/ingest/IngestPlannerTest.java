package dev.pulmo.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner on hand-made headers: ordering along an oblique normal, study choice, routing outcomes, by hand. */
class IngestPlannerTest {
    private static final ModalityCatalog CATALOG = ModalityCatalog.of(ServiceLoader.load(ModalityPlugin.class).stream()
            .map(ServiceLoader.Provider::get).toList());
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    private static IngestCase theCase(String hospitalId, String modality, Optional<String> studyDate) {
        return new IngestCase(Location.of("cases.csv", "A2"), hospitalId, CaseClass.BENIGN, modality, OptionalInt.of(50),
                Optional.empty(), Optional.empty(), Optional.empty(), studyDate, Optional.empty());
    }

    private static SourceImage ct(String file, String patient, String study, String series, int instance, String ipp,
            String iop, String date) {
        Map<String, String> a = new HashMap<>(Map.of("PatientID", patient, "StudyInstanceUID", study,
                "SeriesInstanceUID", series, "SOPInstanceUID", series + "." + instance, "SOPClassUID", CT,
                "Modality", "CT", "InstanceNumber", Integer.toString(instance), "SliceThickness", "5",
                "ImageType", "ORIGINAL\\PRIMARY\\AXIAL", "StudyDate", date));
        a.put("ImagePositionPatient", ipp);
        a.put("ImageOrientationPatient", iop);
        return new SourceImage(Path.of("/src", file), a);
    }

    @Test
    void slicesAreNumberedAlongAnObliqueNormalNotByFileOrInstanceNumber() {
        // rows along x, columns along (0, cos 30, -sin 30): the normal is (0, sin 30, cos 30) = (0, .5, .866)
        String iop = "1\\0\\0\\0\\0.8660254\\-0.5";
        List<SourceImage> images = new ArrayList<>();
        double[] along = {10, 0, 20, 5, 15}; // distances along the normal, as the files come
        for (int i = 0; i < along.length; i++) {
            double d = along[i];
            images.add(ct("f" + i, "H1", "st", "se", 100 - i, String.format("0\\%s\\%s", d * 0.5, d * 0.8660254), iop, "20200101"));
        }
        List<SourceImage> ordered = IngestPlanner.ordered(images);
        assertThat(ordered).extracting(i -> i.file().getFileName().toString()).containsExactly("f1", "f3", "f0", "f4", "f2");
        // without positions: Instance Number
        List<SourceImage> unplaced = images.stream().map(i -> {
            Map<String, String> a = new HashMap<>(i.attributes());
            a.remove("ImagePositionPatient");
            return new SourceImage(i.file(), a);
        }).toList();
        assertThat(IngestPlanner.ordered(unplaced)).extracting(i -> i.get("InstanceNumber"))
                .containsExactly("96", "97", "98", "99", "100");
    }

    @Test
    void theListsStudyDatePicksTheStudyAndEveryOtherOutcomeIsReported() {
        String iop = "1\\0\\0\\0\\1\\0";
        List<SourceImage> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(ct("a" + i, "H1", "study-2019", "s1", i + 1, "0\\0\\" + 5 * i, iop, "20190101"));
            images.add(ct("b" + i, "H1", "study-2020", "s2", i + 1, "0\\0\\" + 5 * i, iop, "20200101"));
            images.add(ct("c" + i, "H2", "study-h2", "s3", i + 1, "0\\0\\" + 5 * i, iop, "20200101"));
            images.add(ct("d" + i, "H3", "study-h3", "s4", i + 1, "0\\0\\" + 5 * i, iop, "20200101"));
        }
        SourceScanner.Scan scan = new SourceScanner.Scan(images, List.of(), images.size());
        List<IngestCase> cases = List.of(theCase("H1", "CCT", Optional.of("20200101")), theCase("H2", "XRY", Optional.empty()),
                theCase("H4", "CCT", Optional.empty()));
        IngestPlan plan = new IngestPlanner(CATALOG).plan(scan, cases);
        assertThat(plan.taken()).singleElement().satisfies(t -> {
            assertThat(t.seriesUid()).isEqualTo("s2");
            assertThat(t.images()).hasSize(4);
        });
        assertThat(plan.findings()).extracting(Finding::code).containsExactlyInAnyOrder(IngestPlanner.OTHER_STUDY,
                IngestPlanner.MODALITY_NOT_LISTED, IngestPlanner.PATIENT_NOT_LISTED, IngestPlanner.CASE_WITHOUT_IMAGES,
                IngestPlanner.CASE_WITHOUT_IMAGES);
        assertThat(plan.casesWithoutImages()).extracting(IngestCase::hospitalId).containsExactly("H2", "H4");
        assertThat(plan.findings()).allSatisfy(f -> assertThat(f.message()).doesNotContain("H1", "H2", "H3", "H4"));
    }

    @Test
    void theListIsReadWithKoreanHeadersAndItsFaultsNameCellsNotPatients(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("list.csv");
        Files.writeString(csv, "등록번호,분류,모달리티,나이,성별,병리결과,흡연력,검사일\n"
                + "12345678,악성,CCT,63세,남,선암,과거,2020-01-01\n"
                + "12345678,악성,CCT,63,M,선암,과거,2020-01-01\n"
                + "99999999,unknown,CCT,40,F,,,\n"
                + "88888888,정상,MRI,40,F,,,\n"
                + "77777777,양성,chest-ct,abc,F,,,\n");
        IngestCases.Result r = IngestCases.read(csv, CATALOG);
        assertThat(r.cases()).extracting(IngestCase::hospitalId).containsExactly("12345678", "77777777");
        IngestCase first = r.cases().get(0);
        assertThat(first.caseClass()).isEqualTo(CaseClass.MALIGNANT);
        assertThat(first.modality()).isEqualTo("CCT");
        assertThat(first.ageYears().getAsInt()).isEqualTo(63);
        assertThat(first.studyDate()).contains("20200101");
        assertThat(first.where().pointer()).isEqualTo("A2");
        assertThat(r.cases().get(1).modality()).isEqualTo("CCT");
        assertThat(r.findings()).extracting(Finding::code).containsExactlyInAnyOrder(IngestCases.DUPLICATE,
                IngestCases.INVALID, IngestCases.INVALID, "clinical.cell-invalid");
        assertThat(r.findings()).extracting(f -> f.location().pointer()).containsExactlyInAnyOrder("A3", "B4", "C5", "D6");
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.message()).doesNotContain("12345678", "99999999",
                "88888888", "77777777"));
    }

    @Test
    void anExcelListWithADateCellIsRead(@TempDir Path dir) throws Exception {
        Path xlsx = dir.resolve("cases.xlsx");
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook()) {
            var sheet = wb.createSheet("추출목록");
            String[] headers = {"병원ID", "구분", "검사종류", "연령", "성별", "병리", "흡연", "검사일자"};
            var head = sheet.createRow(0);
            for (int c = 0; c < headers.length; c++) {
                head.createCell(c).setCellValue(headers[c]);
            }
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("A-000123");
            row.createCell(1).setCellValue("양성");
            row.createCell(2).setCellValue("XRY");
            row.createCell(3).setCellValue(58);
            row.createCell(4).setCellValue("여");
            var date = row.createCell(7);
            date.setCellValue(java.time.LocalDate.of(2020, 3, 15));
            var style = wb.createCellStyle();
            style.setDataFormat((short) 14); // Excel's built-in short date
            date.setCellStyle(style);
            try (var out = Files.newOutputStream(xlsx)) {
                wb.write(out);
            }
        }
        IngestCases.Result r = IngestCases.read(xlsx, CATALOG);
        assertThat(r.findings()).filteredOn(f -> f.severity() == dev.pulmo.api.Severity.ERROR).isEmpty();
        assertThat(r.cases()).singleElement().satisfies(c -> {
            assertThat(c.hospitalId()).isEqualTo("A-000123");
            assertThat(c.caseClass()).isEqualTo(CaseClass.BENIGN);
            assertThat(c.modality()).isEqualTo("XRY");
            assertThat(c.ageYears().getAsInt()).isEqualTo(58);
            assertThat(c.studyDate()).contains("20200315");
        });
    }
}

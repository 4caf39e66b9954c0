package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.clinical.ClinicalRecord;
import dev.pulmo.clinical.ClinicalSheet;
import dev.pulmo.clinical.ClinicalSheetReader;
import dev.pulmo.testing.ExternalTools;
import dev.pulmo.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulmo ingest} on a PACS-like export written by pydicom ({@code src/test/python/make_pacs_export.py}): several
 * patients, all three modalities, a PET-CT study with CT and PT series, UID-named files in nested folders, a DICOMDIR
 * file-set, non-DICOM files, and planted exclusions (AP and lateral X-ray, 1 mm and 12 mm CT, a gap, a scout, a
 * screenshot, a dose report, a patient not on the list, a listed case without images). What each planted series must
 * become is written down here, from the guideline's rules, not from the code's output; the written tree is then held
 * to {@code validate}, {@code deid --check} and pydicom ({@code check_ingested.py}).
 */
class IngestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** label of a planted series → the rule code that must leave it out (SPEC.md §6, the plugins' routing). */
    private static final Map<String, String> LEFT_OUT = Map.ofEntries(Map.entry("ct_head", "cct.body-part"),
            Map.entry("xr_ap", "xry.view-not-pa"),
            Map.entry("xr_lateral", "xry.view-not-pa"),
            Map.entry("ct_1mm", "cct.slice-thickness-out-of-range"),
            Map.entry("ct_12mm", "cct.slice-thickness-out-of-range"),
            Map.entry("ct_gap", "cct.slice-gap"),
            Map.entry("ct_scout", "cct.localizer"),
            Map.entry("ct_dose_report", "ingest.not-routed"),
            Map.entry("petct_ct", "ingest.not-routed"),
            Map.entry("pet_screenshot", "pct.secondary-capture"),
            Map.entry("unlisted_ct", "ingest.patient-not-listed"));

    /** label of a planted series → where it must go (modality folder, class, hospital id) and how many images it has. */
    private record Expected(String folder, String caseClass, String hospitalId, int images) {
    }

    private static final Map<String, Expected> TAKEN = Map.of(
            "xr_pa", new Expected("x-ray", "malignant", "H0001001", 1),
            "ct_5mm", new Expected("chest-ct", "malignant", "H0001001", 10),
            "pet", new Expected("pet-ct", "malignant", "H0002002", 8),
            "dicomdir_ct", new Expected("chest-ct", "normal", "H0003003", 6));

    private static final String CASES = """
            hospital_id,class,modality,age,sex,pathology,smoking
            H0001001,malignant,XRY,61,M,adenocarcinoma,former
            H0001001,malignant,CCT,61,M,adenocarcinoma,former
            H0002002,malignant,PCT,54,F,squamous cell carcinoma,never
            H0003003,normal,CCT,47,M,,current
            H0004004,benign,XRY,39,F,,never
            """;

    @TempDir
    static Path dir;
    private static JsonNode manifest;

    @BeforeAll
    static void export() throws Exception {
        assumeTrue(ExternalTools.has("/usr/bin/python3", "-c", "import pydicom, numpy"),
                "pydicom is not installed (apt-get install python3-pydicom python3-numpy): no PACS export to ingest");
        Path script = SharedData.repositoryRoot().resolve("sdk-cli/src/test/python/make_pacs_export.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.resolve("pacs").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        manifest = JSON.readTree(dir.resolve("pacs/manifest.json").toFile());
        Files.writeString(dir.resolve("cases.csv"), CASES);
        Files.writeString(dir.resolve("rules.csv"), "manufacturer,model,columns,rows,x,y,width,height\nACME,Lung-1,32,32,0,0,8,4\n");
    }

    private static Path source(String label) {
        return Path.of(manifest.get("series").get(label).asText());
    }

    private static Run ingest(Path tree, String... extra) {
        List<String> args = new ArrayList<>(List.of("ingest"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--cases", dir.resolve("cases.csv").toString(), "--out", tree.toString(),
                "--map", dir.resolve("secret/map.json").toString(), "--key", dir.resolve("secret/key.txt").toString(),
                "--burned-in-rules", dir.resolve("rules.csv").toString(), "--threads", "2"));
        return CheckJsonCommandTest.run(args.toArray(String[]::new));
    }

    /** Every file under {@code root}: bytes and modification time. */
    private static Map<Path, String> snapshot(Path root) throws Exception {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                FileTime t = Files.getLastModifiedTime(p);
                out.put(root.relativize(p), java.util.Arrays.hashCode(Files.readAllBytes(p)) + "@" + t.toMillis());
            }
        }
        return out;
    }

    @Test
    void ingestsThePacsExportAsTheGuidelineSays() throws Exception {
        Path src1 = dir.resolve("pacs/src1");
        Path src2 = dir.resolve("pacs/src2");
        Path tree = dir.resolve("tree");
        Map<Path, String> sources = snapshot(dir.resolve("pacs"));

        // dry run: the plan, nothing written (not even the mapping)
        Run dry = ingest(tree, "--dry-run", src1.toString(), src2.toString());
        assertThat(dry.exitCode()).as(dry.err()).isEqualTo(1);
        assertThat(dry.out()).contains("plan: " + source("ct_5mm") + " (10 files").contains("lung_cancer/chest-ct/malignant/<new id>/1/");
        assertThat(tree).doesNotExist();
        assertThat(dir.resolve("secret")).doesNotExist();

        // first run over src1 only: patient 3 (in src2) is a case without images yet
        Run first = ingest(tree, src1.toString());
        assertThat(first.exitCode()).as(first.err() + first.out()).isEqualTo(1);
        Map<Path, String> afterFirst = snapshot(tree);

        // then both sources, as JSON: only patient 3's series is new
        Run second = ingest(tree, "--format", "json", src1.toString(), src2.toString());
        assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
        JsonNode report = JSON.readTree(second.out());
        assertThat(report.get("ingest").get("written").asInt()).isEqualTo(6);
        assertThat(report.get("ingest").get("unchanged").asInt()).isEqualTo(19);
        Map<Path, String> afterSecond = snapshot(tree);
        afterFirst.forEach((file, stamp) -> {
            if (file.startsWith("lung_cancer")) {
                assertThat(afterSecond.get(file)).as("unchanged by the second run: " + file).isEqualTo(stamp);
            }
        });

        // every planted exclusion is a finding with its rule code naming the source series' folder or one of its files
        List<JsonNode> findings = new ArrayList<>();
        report.get("findings").forEach(findings::add);
        LEFT_OUT.forEach((label, code) -> assertThat(findings).as(label).anySatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo(code);
            assertThat(Path.of(f.get("file").asText()).startsWith(source(label))).isTrue();
        }));
        assertThat(findings).filteredOn(f -> f.get("code").asText().equals("ingest.case-without-images"))
                .singleElement().satisfies(f -> assertThat(f.get("pointer").asText()).isEqualTo("A6"));
        assertThat(findings).filteredOn(f -> f.get("code").asText().equals("ingest.not-dicom")).hasSize(2);
        assertThat(findings).anySatisfy(f -> assertThat(f.get("code").asText()).isEqualTo("ingest.dicomdir"));
        String hospitalIds = "H000[0-9]{4}";
        for (JsonNode f : findings) {
            assertThat(f.get("message").asText()).doesNotContainPattern(hospitalIds);
        }
        // the taken series are exactly the expected ones, nothing else
        assertThat(report.get("ingest").get("series_taken").asInt()).isEqualTo(TAKEN.size());

        // the mapping: one managed id per hospital id, at most 7 characters, the same in every modality
        JsonNode patients = JSON.readTree(dir.resolve("secret/map.json").toFile()).get("patients");
        Map<String, String> ids = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = patients.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ids.put(e.getKey(), e.getValue().asText());
        }
        assertThat(ids).containsOnlyKeys("H0001001", "H0002002", "H0003003");
        ids.values().forEach(id -> assertThat(id).hasSizeLessThanOrEqualTo(7));
        assertThat(Files.readString(dir.resolve("secret/key.txt")).strip())
                .isEqualTo(JSON.readTree(dir.resolve("secret/map.json").toFile()).get("key").asText());

        // a third run changes nothing at all
        Run third = ingest(tree, src1.toString(), src2.toString());
        assertThat(third.exitCode()).isEqualTo(1);
        assertThat(third.out()).contains("0 images written, 25 already in place");
        assertThat(snapshot(tree)).isEqualTo(afterSecond);

        // an interrupted run: two slices missing and a killed writer's temporary file; the next run finishes the job
        Path ctFolder = tree.resolve("lung_cancer/chest-ct/malignant/" + ids.get("H0001001") + "/1/dcm");
        String id1 = ids.get("H0001001");
        byte[] slice3 = Files.readAllBytes(ctFolder.resolve("cct_" + id1 + "_1_3.dcm"));
        Files.delete(ctFolder.resolve("cct_" + id1 + "_1_3.dcm"));
        Files.delete(ctFolder.resolve("cct_" + id1 + "_1_7.dcm"));
        Path leftover = ctFolder.resolve(".cct_" + id1 + "_1_3.dcm.999999999.12345.tmp");
        Files.write(leftover, new byte[] {1, 2, 3});
        Run resumed = ingest(tree, src1.toString(), src2.toString());
        assertThat(resumed.out()).contains("2 images written, 23 already in place");
        assertThat(Files.readAllBytes(ctFolder.resolve("cct_" + id1 + "_1_3.dcm"))).isEqualTo(slice3);
        assertThat(leftover).doesNotExist();

        // a file that cannot be put in place (a folder, not empty, holds its name): the commit of its series fails
        // after the worker has gone on, and the series is reported as left out; the run after it completes the series
        Files.delete(ctFolder.resolve("cct_" + id1 + "_1_3.dcm"));
        Files.createDirectories(ctFolder.resolve("cct_" + id1 + "_1_3.dcm/blocker"));
        Run blocked = ingest(tree, src1.toString(), src2.toString());
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.out()).contains("ingest.write-failed", "cct_" + id1 + "_1_3.dcm", "1 series failed");
        assertThat(ctFolder.resolve("cct_" + id1 + "_1_3.dcm/blocker")).isDirectory();
        try (Stream<Path> files = Files.list(ctFolder)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        Files.delete(ctFolder.resolve("cct_" + id1 + "_1_3.dcm/blocker"));
        Files.delete(ctFolder.resolve("cct_" + id1 + "_1_3.dcm"));
        assertThat(ingest(tree, src1.toString(), src2.toString()).out()).contains("1 images written, 24 already in place");
        assertThat(Files.readAllBytes(ctFolder.resolve("cct_" + id1 + "_1_3.dcm"))).isEqualTo(slice3);

        // sources never modified
        assertThat(snapshot(dir.resolve("pacs"))).isEqualTo(sources);

        // the tree passes the first check and the de-identification check
        Run validate = CheckJsonCommandTest.run("validate", tree.toString());
        assertThat(validate.exitCode()).as(validate.out()).isZero();
        assertThat(validate.out()).contains("4 series, 25 images");
        Run check = CheckJsonCommandTest.run("deid", "--check", tree.toString(), "--map", dir.resolve("secret/map.json").toString(),
                "--format", "json");
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).doesNotContain("deid.residue");
        // the check knows what ingest writes beside lung_cancer/: no "unknown file" for the sheets and the report
        assertThat(check.out()).doesNotContain("deid.check.unknown-file");
        clinicalSheetsAreSearchedCellByCell(tree, ids);

        pydicomSeesNoIdentifierAndTheExpectedSeries(tree, ids);
        clinicalSheetsAndReport(tree, ids);
    }

    /** A hospital id planted in a cell of a copy of the tree's sheets (the .xlsx compresses it) is found, at its cell. */
    private static void clinicalSheetsAreSearchedCellByCell(Path tree, Map<String, String> ids) throws Exception {
        Path copy = dir.resolve("planted-sheets");
        Files.createDirectories(copy.resolve("clinical"));
        Files.createDirectories(copy.resolve("lung_cancer"));
        List<dev.pulmo.clinical.ClinicalSheetWriter.Row> rows = List.of(
                new dev.pulmo.clinical.ClinicalSheetWriter.Row(ids.get("H0001001"), "61", "M", "adenocarcinoma", "former"),
                new dev.pulmo.clinical.ClinicalSheetWriter.Row(ids.get("H0003003"), "47", "M", "", "seen as H0003003"));
        Files.write(copy.resolve("clinical/chest-ct.xlsx"), dev.pulmo.clinical.ClinicalSheetWriter.xlsxBytes("chest-ct", rows));
        Files.write(copy.resolve("clinical/chest-ct.csv"), dev.pulmo.clinical.ClinicalSheetWriter.csvBytes(List.of(
                new dev.pulmo.clinical.ClinicalSheetWriter.Row("H0001001", "61", "M", "adenocarcinoma", "former"))));
        Run check = CheckJsonCommandTest.run("deid", "--check", copy.toString(), "--map",
                dir.resolve("secret/map.json").toString(), "--format", "json");
        assertThat(check.exitCode()).as(check.out()).isEqualTo(1);
        List<String> found = new ArrayList<>();
        JSON.readTree(check.out()).get("findings").forEach(f -> found.add(f.get("code").asText() + " "
                + Path.of(f.get("file").asText()).getFileName() + " " + f.path("pointer").asText()));
        // the header is row 1: the second patient's smoking is E3, the first row's id is A2 (and 8 characters long)
        assertThat(found).contains("deid.check.identifier chest-ct.xlsx 'chest-ct'!E3", "deid.check.identifier chest-ct.csv A2",
                "deid.check.patient-id-too-long chest-ct.csv A2");
        assertThat(found).noneMatch(f -> f.startsWith("deid.check.unknown-file"));
    }

    private static void pydicomSeesNoIdentifierAndTheExpectedSeries(Path tree, Map<String, String> ids) throws Exception {
        Path script = SharedData.repositoryRoot().resolve("sdk-cli/src/test/python/check_ingested.py");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), tree.toString(),
                dir.resolve("pacs/manifest.json").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode checked = JSON.readTree(out);
        assertThat(checked.get("leaks")).as("planted identifiers and dates found by pydicom").isEmpty();

        Map<String, List<JsonNode>> bySeries = new TreeMap<>();
        checked.get("files").forEach(f -> bySeries.computeIfAbsent(f.get("series").asText(), k -> new ArrayList<>()).add(f));
        Map<String, Integer> expected = new TreeMap<>();
        TAKEN.values().forEach(e -> expected.put(String.join("/", "lung_cancer", e.folder(), e.caseClass(),
                ids.get(e.hospitalId()), "1"), e.images()));
        assertThat(bySeries.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, List<JsonNode>> s : bySeries.entrySet()) {
            List<JsonNode> files = new ArrayList<>(s.getValue());
            files.sort(java.util.Comparator.comparingInt(f -> f.get("seq").asInt()));
            assertThat(files).as(s.getKey()).hasSize(expected.get(s.getKey()));
            String patient = s.getKey().split("/")[3];
            for (int i = 0; i < files.size(); i++) {
                assertThat(files.get(i).get("seq").asInt()).isEqualTo(i + 1);
                assertThat(files.get(i).get("patientId").asText()).isEqualTo(patient);
                if (i > 0) { // numbered along the slice normal (axial: z), although files and Instance Numbers run otherwise
                    assertThat(files.get(i).get("z").asDouble()).isGreaterThan(files.get(i - 1).get("z").asDouble());
                }
            }
        }
        // UIDs are mapped consistently: every slice's reference to its series' first slice resolves in the output
        java.util.Set<String> written = new java.util.HashSet<>();
        checked.get("files").forEach(f -> written.add(f.get("sop").asText()));
        int references = 0;
        for (JsonNode f : checked.get("files")) {
            for (JsonNode ref : f.get("references")) {
                assertThat(written).as("reference of " + f.get("file").asText()).contains(ref.asText());
                references++;
            }
        }
        assertThat(references).as("references planted in the taken CT and PET series").isEqualTo(9 + 7 + 5);
        // the X-ray's burned-in text rectangle (rule: x 0-8, y 0-4) is blanked, the rest kept
        JsonNode xray = null;
        for (JsonNode f : checked.get("files")) {
            if (!f.get("pixels").isNull()) {
                xray = f.get("pixels");
            }
        }
        assertThat(xray).isNotNull();
        long blank = 0;
        long nonZeroOutside = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                int v = xray.get(y).get(x).asInt();
                if (x < 8 && y < 4) {
                    blank += v == 0 ? 1 : 0;
                } else {
                    nonZeroOutside += v != 0 ? 1 : 0;
                }
            }
        }
        assertThat(blank).isEqualTo(32);
        assertThat(nonZeroOutside).isGreaterThan(900);
    }

    private static void clinicalSheetsAndReport(Path tree, Map<String, String> ids) throws Exception {
        for (String sheet : List.of("clinical/chest-ct.xlsx", "clinical/chest-ct.csv")) {
            ClinicalSheet read = ClinicalSheetReader.withDefaults().read(tree.resolve(sheet));
            assertThat(read.records()).extracting(ClinicalRecord::patientId)
                    .containsExactlyInAnyOrder(ids.get("H0001001"), ids.get("H0003003"));
            ClinicalRecord malignant = read.record(ids.get("H0001001")).orElseThrow();
            assertThat(malignant.ageYears().getAsInt()).isEqualTo(61);
            assertThat(malignant.pathology()).contains("adenocarcinoma");
            assertThat(malignant.smoking()).contains("former");
            assertThat(read.record(ids.get("H0003003")).orElseThrow().pathology()).isEmpty();
        }
        assertThat(ClinicalSheetReader.withDefaults().read(tree.resolve("clinical/pet-ct.csv")).records())
                .extracting(ClinicalRecord::patientId).containsExactly(ids.get("H0002002"));
        String csv = Files.readString(tree.resolve("ingest-report/exclusions.csv"));
        String html = Files.readString(tree.resolve("ingest-report/exclusions.html"));
        for (Map.Entry<String, String> e : LEFT_OUT.entrySet()) {
            assertThat(csv).as(e.getKey()).containsPattern("(?m)^series," + java.util.regex.Pattern.quote(source(e.getKey()).toString())
                    + ",.*," + java.util.regex.Pattern.quote(e.getValue()) + ",");
            assertThat(html).contains(e.getValue());
        }
        assertThat(csv).containsPattern("(?m)^case,.*cases.csv A6,XRY,0,.*,ingest.case-without-images,");
        assertThat(csv + html).doesNotContainPattern("H000[0-9]{4}");
    }

    @Test
    void aPatientWhoseClassTheListCorrectsMovesToTheNewClassOnce() throws Exception {
        Path tree = dir.resolve("t-class");
        Path map = dir.resolve("m-class.json");
        Path normal = dir.resolve("class-normal.csv");
        Path benign = dir.resolve("class-benign.csv");
        Files.writeString(normal, "hospital_id,class,modality,age,sex,pathology,smoking\nH0003003,normal,CCT,47,M,,current\n");
        Files.writeString(benign, "hospital_id,class,modality,age,sex,pathology,smoking\nH0003003,benign,CCT,47,M,,current\n");
        Path src = dir.resolve("pacs/src2");
        Map<Path, String> sources = snapshot(src);
        Run first = CheckJsonCommandTest.run("ingest", src.toString(), "--cases", normal.toString(), "--out", tree.toString(),
                "--map", map.toString());
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        String mapBefore = Files.readString(map);
        String id = JSON.readTree(map.toFile()).get("patients").get("H0003003").asText();
        Map<Path, String> before = snapshot(tree.resolve("lung_cancer/chest-ct/normal/" + id));
        assertThat(before).hasSize(6);

        // the corrected list: the dry run says what will move, and moves nothing
        Run dry = CheckJsonCommandTest.run("ingest", "--dry-run", src.toString(), "--cases", benign.toString(), "--out",
                tree.toString(), "--map", map.toString());
        assertThat(dry.out()).contains("-> lung_cancer/chest-ct/benign/" + id + "/1/ (the patient's folder moves from "
                + "lung_cancer/chest-ct/normal/" + id + "/");
        assertThat(tree.resolve("lung_cancer/chest-ct/normal/" + id)).isDirectory();

        Run second = CheckJsonCommandTest.run("ingest", src.toString(), "--cases", benign.toString(), "--out", tree.toString(),
                "--map", map.toString());
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).contains("0 images written, 6 already in place");
        // once, under the new class: the same files (moved, not rewritten), nothing left under the old class
        assertThat(tree.resolve("lung_cancer/chest-ct/normal/" + id)).doesNotExist();
        assertThat(snapshot(tree.resolve("lung_cancer/chest-ct/benign/" + id))).isEqualTo(before);
        try (Stream<Path> all = Files.walk(tree.resolve("lung_cancer"))) {
            assertThat(all.filter(p -> p.getFileName().toString().equals(id))).hasSize(1);
        }
        assertThat(Files.readString(map)).as("the mapping is stable").isEqualTo(mapBefore);
        assertThat(snapshot(src)).as("sources untouched").isEqualTo(sources);
        assertThat(ClinicalSheetReader.withDefaults().read(tree.resolve("clinical/chest-ct.csv")).records())
                .extracting(ClinicalRecord::patientId).containsExactly(id);
        Run validate = CheckJsonCommandTest.run("validate", tree.toString());
        assertThat(validate.exitCode()).as(validate.out()).isZero();
        assertThat(validate.out()).contains("1 series, 6 images");
    }

    @Test
    void listValuesThatWouldRunAsFormulasAreNeutralisedInTheClinicalCsv() throws Exception {
        Path cases = dir.resolve("formula.csv");
        Files.writeString(cases, "hospital_id,class,modality,age,sex,pathology,smoking\n"
                + "H0003003,normal,CCT,47,M,,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n");
        Path tree = dir.resolve("t-formula");
        Run run = CheckJsonCommandTest.run("ingest", dir.resolve("pacs/src2").toString(), "--cases", cases.toString(),
                "--out", tree.toString(), "--map", dir.resolve("m-formula.json").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String id = JSON.readTree(dir.resolve("m-formula.json").toFile()).get("patients").get("H0003003").asText();
        // OWASP: a quote in front, and RFC 4180 quoting for the commas and quotes
        assertThat(Files.readString(tree.resolve("clinical/chest-ct.csv"), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF비식별환자ID,나이,성별,병리결과,흡연력\r\n" + id
                        + ",47,M,,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
        // our own reader gives the value back as it was listed
        assertThat(ClinicalSheetReader.withDefaults().read(tree.resolve("clinical/chest-ct.csv")).record(id).orElseThrow()
                .smoking()).contains("=HYPERLINK(\"http://x\",\"y\")");
    }

    @Test
    void aCleanExportExits0AndUsageErrorsExit2() throws Exception {
        Path clean = dir.resolve("clean.csv");
        Files.writeString(clean, "hospital_id,class,modality,age,sex,pathology,smoking\nH0003003,normal,CCT,47,M,,current\n");
        Run ok = CheckJsonCommandTest.run("ingest", dir.resolve("pacs/src2").toString(), "--cases", clean.toString(),
                "--out", dir.resolve("t0").toString(), "--map", dir.resolve("m0.json").toString());
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("6 images written");

        Path tree = dir.resolve("t2");
        Run inside = CheckJsonCommandTest.run("ingest", dir.resolve("pacs/src1").toString(), "--cases",
                dir.resolve("cases.csv").toString(), "--out", tree.toString(), "--map", tree.resolve("map.json").toString());
        assertThat(inside.exitCode()).isEqualTo(2);
        assertThat(inside.err()).contains("must not be inside TREE");
        Run overlap = CheckJsonCommandTest.run("ingest", dir.toString(), "--cases", dir.resolve("cases.csv").toString(),
                "--out", tree.toString(), "--map", dir.resolve("m.json").toString());
        assertThat(overlap.exitCode()).isEqualTo(2);
        Path link = Files.createSymbolicLink(dir.resolve("link-to-t2"), Files.createDirectories(tree));
        Run secretThroughLink = CheckJsonCommandTest.run("ingest", dir.resolve("pacs/src1").toString(), "--cases",
                dir.resolve("cases.csv").toString(), "--out", tree.toString(), "--map", link.resolve("map.json").toString());
        assertThat(secretThroughLink.exitCode()).isEqualTo(2);
        assertThat(secretThroughLink.err()).contains("must not be inside TREE");
        assertThat(CheckJsonCommandTest.run("ingest", dir.resolve("pacs/src1").toString()).exitCode()).isEqualTo(2);
        Files.writeString(dir.resolve("badkey.txt"), "not base64!");
        Run badKey = CheckJsonCommandTest.run("ingest", dir.resolve("pacs/src1").toString(), "--cases",
                dir.resolve("cases.csv").toString(), "--out", tree.toString(), "--map", dir.resolve("m2.json").toString(),
                "--key", dir.resolve("badkey.txt").toString());
        assertThat(badKey.exitCode()).isEqualTo(2);
        assertThat(badKey.err()).contains("badkey.txt");
        assertThat(CheckJsonCommandTest.run("help", "ingest").out()).contains("--dry-run").contains("--cases");
    }
}

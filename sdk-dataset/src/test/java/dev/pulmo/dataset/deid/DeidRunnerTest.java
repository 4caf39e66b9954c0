package dev.pulmo.dataset.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.util.ServiceLoader;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.deid.DeidOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small guideline tree with two patients (image, mask, JSON, an unreadable file, a stray text file) is
 * de-identified: names and headers carry new ids only, no original identifier is in any output byte, the mask
 * still references its image, JSON is rewritten, a second run with the same mapping file gives identical files,
 * and the check finds nothing in the output but residue in the input.
 */
class DeidRunnerTest {

    private static final String[] ORIGINALS = {"HOSP123", "HOSP456", "KIM^MINJI", "MINJI", "LEE^JIHO", "19570412",
            "Seoul Univ Hospital", "1.2.410.200.1.1"};

    private static final ModalityCatalog CATALOG = ModalityCatalog.of(ServiceLoader.load(ModalityPlugin.class).stream()
            .map(ServiceLoader.Provider::get).toList());

    @TempDir
    Path tmp;
    Path in;
    Path map;

    @BeforeEach
    void tree() throws IOException {
        in = tmp.resolve("in");
        Path series = in.resolve("lung_cancer/chest-ct/malignant/HOSP123/1");
        DicomDataset image = patient("HOSP123", "KIM^MINJI")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.410.200.1.1")
                .putString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage)
                .build();
        write(series.resolve("dcm/cct_HOSP123_1_1.dcm"), image);
        write(series.resolve("binary/cct_HOSP123_1_1_1_binary.dcm"), patient("HOSP123", "KIM^MINJI")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.410.200.1.2")
                .putString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                .putSequence(Tag.SourceImageSequence, List.of(DicomDataset.builder()
                        .putString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage)
                        .putString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.410.200.1.1").build()))
                .build());
        Files.writeString(series.resolve("dcm/cct_HOSP123_1_2.dcm"), "not a DICOM file at all");
        Files.createDirectories(series.resolve("json"));
        Files.writeString(series.resolve("json/cct_HOSP123_1_1.json"), json("cct_HOSP123_1_1.dcm", "HOSP123"));
        write(in.resolve("lung_cancer/x-ray/normal/HOSP456/1/dcm/xry_HOSP456_1_1.dcm"), patient("HOSP456", "LEE^JIHO")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.410.200.2.1")
                .putString(Tag.SOPClassUID, VR.UI, UID.DigitalXRayImageStorageForPresentation)
                .build());
        Files.writeString(in.resolve("lung_cancer/clinical-KIM^MINJI.txt"), "KIM^MINJI HOSP123");
        map = tmp.resolve("secret/map.json");
    }

    private static DicomDataset.Builder patient(String id, String name) {
        return DicomDataset.builder()
                .putString(Tag.PatientID, VR.LO, id)
                .putString(Tag.PatientName, VR.PN, name)
                .putString(Tag.PatientBirthDate, VR.DA, "19570412")
                .putString(Tag.PatientAge, VR.AS, "064Y")
                .putString(Tag.PatientSex, VR.CS, "F")
                .putString(Tag.InstitutionName, VR.LO, "Seoul Univ Hospital")
                .putString(Tag.Manufacturer, VR.LO, "ACME")
                .putString(Tag.StudyDate, VR.DA, "20210315")
                .putString(Tag.StudyInstanceUID, VR.UI, "1.2.410.200.9")
                .putString(Tag.SeriesDescription, VR.LO, "Chest for " + name);
    }

    private static void write(Path file, DicomDataset ds) throws IOException {
        Files.createDirectories(file.getParent());
        DicomWriter.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private static String json(String fileName, String patientId) {
        return "{\"info\": {\"description\": \"d\", \"version\": \"1.0\", \"contributor\": \"c\", \"date_created\": \"2021-05-03\"},"
                + "\"categories\": [{\"supercategory\": \"CCT\", \"supercategory_name\": \"Chest CT\", \"grp_id\": 1, \"grp_name\": \"악성\", \"id\": 1, \"name\": \"악성\"}],"
                + "\"images\": [{\"id\": 1, \"file_name\": \"" + fileName + "\", \"patient_id\": \"" + patientId + "\", \"series_id\": \"1\","
                + " \"image_id\": \"1\", \"width\": 4, \"height\": 4, \"date_captured\": \"2021-03-15 10-10-10\", \"modality\": \"CCT\","
                + " \"manufacturer\": \"ACME\", \"manufacturer ModelName\": \"M\"}],"
                + "\"annotations\": []}";
    }

    private DeidReport run(Path out) {
        PatientIdMap ids = PatientIdMap.openOrCreate(map, "P");
        List<FileOutcome> seen = new ArrayList<>();
        DeidReport report = new DeidRunner(DeidOptions.DATASET_DEFAULTS, ids).run(in, out, seen::add);
        // every file is reported once, as the workers finish them; the report keeps the order of the source tree's names
        assertThat(seen).containsExactlyInAnyOrderElementsOf(report.files());
        return report;
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void theTreeIsRewrittenWithNewIdsAndNoOriginalIdentifierInAnyByte() throws IOException {
        Path out = tmp.resolve("out");
        // an output left by an earlier run where the input is now unreadable stays as it was
        Path stale = out.resolve("lung_cancer/chest-ct/malignant");
        DeidReport report = run(out);
        assertThat(report.written()).isEqualTo(4);
        assertThat(report.skipped()).isEqualTo(2);
        assertThat(report.newPatients()).isEqualTo(2);
        assertThat(report.findings()).extracting(Finding::code)
                .containsExactlyInAnyOrder("deid.unreadable", "deid.skipped.outside-layout");
        assertThat(report.findings()).anyMatch(f -> f.location().file().endsWith("cct_HOSP123_1_2.dcm"));

        Map<String, String> ids = PatientIdMap.openOrCreate(map, "P").asMap();
        String ct = ids.get("HOSP123");
        String xr = ids.get("HOSP456");
        assertThat(ct).matches("P[0-9A-Z]{6}");
        String ctSeries = "lung_cancer/chest-ct/malignant/" + ct + "/1/";
        assertThat(report.files()).extracting(FileOutcome::output).containsExactly(
                ctSeries + "binary/cct_" + ct + "_1_1_1_binary.dcm", ctSeries + "dcm/cct_" + ct + "_1_1.dcm",
                ctSeries + "dcm/cct_" + ct + "_1_2.dcm", ctSeries + "json/cct_" + ct + "_1_1.json", "(outside the layout)",
                "lung_cancer/x-ray/normal/" + xr + "/1/dcm/xry_" + xr + "_1_1.dcm");
        assertThat(xr).matches("P[0-9A-Z]{6}").isNotEqualTo(ct);
        Path series = out.resolve("lung_cancer/chest-ct/malignant/" + ct + "/1");
        assertThat(files(out)).containsExactlyInAnyOrder(
                series.resolve("binary/cct_" + ct + "_1_1_1_binary.dcm"),
                series.resolve("dcm/cct_" + ct + "_1_1.dcm"),
                series.resolve("json/cct_" + ct + "_1_1.json"),
                out.resolve("deid-audit.tsv"),
                out.resolve("lung_cancer/x-ray/normal/" + xr + "/1/dcm/xry_" + xr + "_1_1.dcm"));
        assertThat(stale).isDirectory();
        for (Path f : files(out)) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String original : ORIGINALS) {
                assertThat(bytes).as("%s in %s", original, f).doesNotContain(original);
            }
        }
        DicomDataset image = DicomReader.create().read(series.resolve("dcm/cct_" + ct + "_1_1.dcm")).dataset();
        DicomDataset mask = DicomReader.create().read(series.resolve("binary/cct_" + ct + "_1_1_1_binary.dcm")).dataset();
        assertThat(image.getString(Tag.PatientID)).contains(ct);
        assertThat(image.getString(Tag.PatientAge)).contains("064Y");
        assertThat(image.getString(Tag.PatientSex)).contains("F");
        assertThat(image.getString(Tag.Manufacturer)).contains("ACME");
        assertThat(image.getString(Tag.SeriesDescription)).contains("Chest for *");
        int shift = PatientIdMap.openOrCreate(map, "P").key().dateShiftDays("HOSP123");
        assertThat(image.getString(Tag.StudyDate)).contains(LocalDate.of(2021, 3, 15).plusDays(shift)
                .toString().replace("-", ""));
        assertThat(mask.getSequence(Tag.SourceImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID))
                .isEqualTo(image.getString(Tag.SOPInstanceUID));
        assertThat(mask.getString(Tag.StudyInstanceUID)).isEqualTo(image.getString(Tag.StudyInstanceUID));

        AnnotationFile json = GuidelineJson.read(series.resolve("json/cct_" + ct + "_1_1.json"));
        assertThat(json.images().get(0).patientId()).isEqualTo(ct);
        assertThat(json.images().get(0).fileName()).isEqualTo("cct_" + ct + "_1_1.dcm");
        assertThat(json.images().get(0).dateCaptured()).isEqualTo(LocalDate.of(2021, 3, 15).plusDays(shift) + " 10-10-10");

        String audit = Files.readString(out.resolve("deid-audit.tsv"));
        assertThat(audit).contains("lung_cancer/chest-ct/malignant/" + ct + "/1/dcm/cct_" + ct + "_1_1.dcm\twritten\tremoved=")
                .contains("cct_" + ct + "_1_2.dcm\tskipped\tskipped: deid.unreadable");
        assertThat(Files.readString(map)).contains("\"HOSP123\"").contains("\"" + ct + "\"");

        assertThat(new DeidCheck(DeidOptions.DATASET_DEFAULTS).check(out)).isEmpty();
        List<Finding> residue = new DeidCheck(DeidOptions.DATASET_DEFAULTS).check(in);
        assertThat(residue).extracting(Finding::code).contains("deid.residue.identity-not-removed",
                "deid.residue.attribute-not-empty", "deid.check.unreadable", "deid.check.unknown-file");
        assertThat(residue).anyMatch(f -> "(0010,0030)".equals(f.location().pointer())); // Patient's Birth Date: Z
    }

    @Test
    void aSecondRunWithTheSameMappingGivesIdenticalFiles() throws IOException {
        Path first = tmp.resolve("out1");
        Path second = tmp.resolve("out2");
        run(first);
        // what a stopped earlier run left at a target is replaced whole, never appended to
        String anyOutput = files(first).get(0).toString().substring(first.toString().length() + 1);
        Files.createDirectories(second.resolve(anyOutput).getParent());
        Files.writeString(second.resolve(anyOutput), "partial output of an interrupted run");
        DeidReport again = run(second);
        assertThat(again.newPatients()).isZero();
        List<Path> a = files(first);
        List<Path> b = files(second);
        assertThat(b.stream().map(p -> second.relativize(p).toString()).toList())
                .isEqualTo(a.stream().map(p -> first.relativize(p).toString()).toList());
        for (int i = 0; i < a.size(); i++) {
            assertThat(Files.readAllBytes(b.get(i))).as(b.get(i).toString()).isEqualTo(Files.readAllBytes(a.get(i)));
        }
    }

    @Test
    void aPlainFolderKeepsItsPathsAndMapsByPatientId() throws IOException {
        Path plain = tmp.resolve("plain");
        write(plain.resolve("a/one.dcm"), patient("HOSP123", "KIM^MINJI")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.410.200.1.1")
                .putString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage).build());
        Files.writeString(plain.resolve("a/notes.txt"), "text");
        run(tmp.resolve("out"));
        PatientIdMap ids = PatientIdMap.openOrCreate(map, "P");
        DeidReport report = new DeidRunner(DeidOptions.DATASET_DEFAULTS, ids).run(plain, tmp.resolve("plain-out"), o -> { });
        assertThat(report.written()).isEqualTo(1);
        assertThat(report.findings()).extracting(Finding::code).containsExactly("deid.unreadable");
        assertThat(tmp.resolve("plain-out/a/notes.txt")).doesNotExist();
        DicomDataset ds = DicomReader.create().read(tmp.resolve("plain-out/a/one.dcm")).dataset();
        assertThat(ds.getString(Tag.PatientID)).contains(ids.asMap().get("HOSP123"));
        // the same source UID gives the same new UID as in the tree run (same key)
        DicomDataset fromTree = DicomReader.create().read(tmp.resolve("out/lung_cancer/chest-ct/malignant/"
                + ids.asMap().get("HOSP123") + "/1/dcm/cct_" + ids.asMap().get("HOSP123") + "_1_1.dcm")).dataset();
        assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo(fromTree.getString(Tag.SOPInstanceUID));
    }

    @Test
    void overlappingFoldersAndAMappingInsideTheOutputAreRefused() {
        PatientIdMap ids = PatientIdMap.openOrCreate(map, "P");
        DeidRunner runner = new DeidRunner(DeidOptions.DATASET_DEFAULTS, ids);
        assertThatThrownBy(() -> runner.run(in, in.resolve("out"), o -> { })).hasMessageContaining("must not contain");
        PatientIdMap inside = PatientIdMap.openOrCreate(tmp.resolve("out/map.json"), "P");
        assertThatThrownBy(() -> new DeidRunner(DeidOptions.DATASET_DEFAULTS, inside).run(in, tmp.resolve("out"), o -> { }))
                .hasMessageContaining("must not be inside OUT");
    }

    @Test
    void overlapThroughALinkIsRefusedToo() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("link-to-in"), in); // OUT named through it lands inside IN
        PatientIdMap ids = PatientIdMap.openOrCreate(map, "P");
        assertThatThrownBy(() -> new DeidRunner(DeidOptions.DATASET_DEFAULTS, ids).run(in, link.resolve("out"), o -> { }))
                .hasMessageContaining("must not contain each other");
        assertThat(in.resolve("out")).doesNotExist();
        Path outLink = Files.createSymbolicLink(tmp.resolve("link-to-out"), Files.createDirectories(tmp.resolve("out3")));
        assertThatThrownBy(() -> DeidRunner.checkPaths(in, tmp.resolve("out3"), outLink.resolve("map.json")))
                .hasMessageContaining("must not be inside OUT");
    }

    @Test
    void anOutputThatCannotBeCommittedFailsTheRunAndLeavesNoTemporaryFile() throws IOException {
        PatientIdMap ids = PatientIdMap.openOrCreate(map, "P");
        String ct = ids.newIdFor("HOSP123");
        Path out = tmp.resolve("out");
        // a non-empty folder where an output goes: its staged file is written, its rename (in a background commit) fails
        Path blocked = out.resolve("lung_cancer/chest-ct/malignant/" + ct + "/1/dcm/cct_" + ct + "_1_1.dcm");
        Files.createDirectories(blocked.resolve("keep"));
        assertThatThrownBy(() -> new DeidRunner(DeidOptions.DATASET_DEFAULTS, ids, 2).run(in, out, o -> { }))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(blocked.toString());
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
        assertThat(blocked.resolve("keep")).isDirectory();
    }

    @Test
    void fourWorkersWriteTheSameTreeAndMappingAsOne() throws IOException {
        Path demo = tmp.resolve("demo");
        DemoDataset.generate(new DatasetLayout(demo.resolve("lung_cancer"), CATALOG), 11, DemoDataset.Size.DEMO);
        // the demo's headers name no patient: each file gets its patient's name, and each series a JSON whose free text
        // quotes it; the name is learnt from the patient's DICOM files, which a worker does before the patient's JSON
        List<Path> dicomFiles;
        try (Stream<Path> s = Files.walk(demo)) {
            dicomFiles = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        List<String> names = new ArrayList<>();
        for (Path file : dicomFiles) {
            DicomFile dicom = DicomReader.create().read(file);
            String patientId = dicom.dataset().getString(Tag.PatientID).orElseThrow();
            String name = "NAME^" + patientId;
            DicomWriter.write(file, dicom.dataset().toBuilder().putString(Tag.PatientName, VR.PN, name).build(),
                    dicom.transferSyntax());
            if (file.getParent().getFileName().toString().equals("dcm") && file.getFileName().toString().endsWith("_1.dcm")) {
                names.add(name.replace('^', ' '));
                Path json = file.resolveSibling("../json/" + file.getFileName().toString().replace(".dcm", ".json")).normalize();
                Files.createDirectories(json.getParent());
                Files.writeString(json, json(file.getFileName().toString(), patientId)
                        .replace("\"ACME\"", "\"ACME for " + name.replace('^', ' ') + "\""));
            }
        }
        assertThat(names).hasSizeGreaterThan(4);
        PatientIdMap one = PatientIdMap.openOrCreate(tmp.resolve("one/map.json"), "P");
        Files.createDirectories(tmp.resolve("four"));
        Files.copy(one.file(), tmp.resolve("four/map.json")); // the same key, no patients yet
        PatientIdMap four = PatientIdMap.openOrCreate(tmp.resolve("four/map.json"), "P");

        DeidReport byOne = new DeidRunner(DeidOptions.DATASET_DEFAULTS, one, 1).run(demo, tmp.resolve("one/out"), o -> { });
        DeidReport byFour = new DeidRunner(DeidOptions.DATASET_DEFAULTS, four, 4).run(demo, tmp.resolve("four/out"), o -> { });

        assertThat(byOne.skipped()).isZero();
        assertThat(byFour.files()).isEqualTo(byOne.files());
        assertThat(byFour.findings()).isEqualTo(byOne.findings());
        List<Path> a = files(tmp.resolve("one/out"));
        List<Path> b = files(tmp.resolve("four/out"));
        assertThat(b.stream().map(p -> tmp.resolve("four/out").relativize(p).toString()).toList())
                .isEqualTo(a.stream().map(p -> tmp.resolve("one/out").relativize(p).toString()).toList());
        for (int i = 0; i < a.size(); i++) {
            assertThat(Files.readAllBytes(b.get(i))).as(b.get(i).toString()).isEqualTo(Files.readAllBytes(a.get(i)));
        }
        assertThat(Files.readString(tmp.resolve("four/map.json"))).isEqualTo(Files.readString(tmp.resolve("one/map.json")));
        for (Path p : b) {
            if (p.toString().endsWith(".json")) {
                String text = Files.readString(p);
                assertThat(text).contains("ACME for *");
                names.forEach(name -> assertThat(text).doesNotContain(name));
            }
        }
    }
}

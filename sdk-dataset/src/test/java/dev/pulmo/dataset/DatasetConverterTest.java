package dev.pulmo.dataset;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonValidator;
import dev.pulmo.dataset.DatasetConverter.Outcome;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converts the generated demo tree and checks the JSON against the generator's own lesion shapes. */
class DatasetConverterTest {
    @TempDir
    static Path dir;
    static DatasetLayout layout;
    static DemoDataset.Result demo;

    @BeforeAll
    static void generate() {
        layout = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        demo = DemoDataset.generate(layout, 11, DemoDataset.Size.DEMO);
    }

    private static DatasetConverter.Summary convert(boolean force, Map<ImageKey, Outcome> outcomes) {
        return Runs.convert(layout, force, outcomes).summary();
    }

    @Test
    void everyLesionTheGeneratorDrewIsInTheJsonWithItsBoxAndEveryFileIsValid() throws Exception {
        Map<ImageKey, Outcome> outcomes = new ConcurrentHashMap<>();
        Runs.Converted run = Runs.convert(layout, true, outcomes);
        DatasetConverter.Summary s = run.summary();
        assertThat(s.errors()).as(run.findings().toString()).isZero();
        Map<ImageKey, List<DemoDataset.Lesion>> byImage = demo.lesions().stream().collect(Collectors.groupingBy(DemoDataset.Lesion::image));
        assertThat(s.converted()).isEqualTo(byImage.size());
        assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(byImage.keySet());
        assertThat(s.annotations()).isGreaterThanOrEqualTo(demo.lesions().size());
        GuidelineJsonValidator validator = GuidelineJsonValidator.of(layout.catalog());
        for (Map.Entry<ImageKey, List<DemoDataset.Lesion>> e : byImage.entrySet()) {
            Path json = layout.jsonFile(e.getKey());
            assertThat(validator.validate(json)).as(json.toString()).isEmpty();
            AnnotationFile f = GuidelineJson.read(json);
            assertThat(f.images().get(0).fileName()).isEqualTo(layout.dicomFile(e.getKey()).getFileName().toString());
            assertThat(f.images().get(0).patientId()).isEqualTo(e.getKey().patientId());
            assertThat(f.categories()).isEqualTo(layout.plugin(e.getKey().modality()).categoryTable().toJsonCategories());
            for (DemoDataset.Lesion lesion : e.getValue()) {
                assertThat(f.annotations()).as("lesion %s in %s", lesion, json)
                        .anyMatch(a -> a.categoryId() == lesion.categoryId() && a.bbox().equals(lesion.bbox()));
            }
            if (e.getKey().modality().equals("CCT")) {
                // exact pixel-edge polygons: the rings of a category cover exactly its lesions' pixels
                for (int category : e.getValue().stream().map(DemoDataset.Lesion::categoryId).distinct().toList()) {
                    long pixels = e.getValue().stream().filter(l -> l.categoryId() == category).mapToLong(DemoDataset.Lesion::pixels).sum();
                    double ringArea = f.annotations().stream().filter(a -> a.categoryId() == category)
                            .mapToDouble(a -> a.segmentation().polygonArea()).sum();
                    assertThat(ringArea).isGreaterThanOrEqualTo(pixels); // outer rings: holes, if any, are not subtracted
                }
            } else {
                assertThat(f.annotations()).allMatch(a -> a.segmentation().pointCount() == 4 && a.area() == a.bbox().area());
            }
        }
        // normal cases and PET-CT benign cases have no masks, hence no JSON
        try (Stream<Path> all = Files.walk(layout.root())) {
            assertThat(all.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(byImage.size());
        }
        assertThat(byImage.keySet()).noneMatch(k -> k.caseClass() == CaseClass.NORMAL);
    }

    @Test
    void aRerunSkipsWhatIsDoneUnlessAMaskChangedOrItIsForced() throws Exception {
        convert(true, new ConcurrentHashMap<>());
        Map<ImageKey, Outcome> second = new ConcurrentHashMap<>();
        DatasetConverter.Summary again = convert(false, second);
        assertThat(again.converted()).isZero();
        assertThat(again.skipped()).isEqualTo(second.size());
        DemoDataset.Lesion one = demo.lesions().get(0);
        Path mask = layout.maskFile(one.image(), one.categoryId());
        Files.setLastModifiedTime(mask, FileTime.from(Instant.now().plusSeconds(60)));
        Map<ImageKey, Outcome> third = new ConcurrentHashMap<>();
        DatasetConverter.Summary touched = convert(false, third);
        assertThat(touched.converted()).isEqualTo(1);
        assertThat(third.get(one.image())).isEqualTo(Outcome.CONVERTED);
    }

    @Test
    void badImagesAreFindingsAndTheRestIsConverted(@TempDir Path other) throws Exception {
        DatasetLayout bad = new DatasetLayout(other.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.Result r = DemoDataset.generate(bad, 5, new DemoDataset.Size(2, 3, 3));
        List<DemoDataset.Lesion> ct = r.lesions().stream().filter(l -> l.image().modality().equals("CCT")).toList();
        // 1. a mask of the wrong size: written against a 128 x 128 image
        DemoDataset.Lesion wrongSize = ct.get(0);
        var small = DicomReader.create().read(SharedData.dicomCorpus().resolve("CT_small.dcm")).dataset();
        BinaryMaskDicom.write(bad.maskFile(wrongSize.image(), wrongSize.categoryId()), small, new byte[128 * 128], 128, 128, "2.25.1", 1);
        // 2. a corrupt source image
        DemoDataset.Lesion corrupt = r.lesions().stream().filter(l -> l.image().modality().equals("XRY")).findFirst().orElseThrow();
        Files.write(bad.dicomFile(corrupt.image()), new byte[] {1, 2, 3});
        Map<ImageKey, Outcome> outcomes = new ConcurrentHashMap<>();
        Runs.Converted run = Runs.convert(bad, false, outcomes);
        DatasetConverter.Summary s = run.summary();
        assertThat(outcomes.get(wrongSize.image())).isEqualTo(Outcome.FAILED);
        assertThat(outcomes.get(corrupt.image())).isEqualTo(Outcome.FAILED);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.converted()).isEqualTo(r.lesions().stream().map(DemoDataset.Lesion::image).distinct().count() - 2);
        List<String> codes = new ArrayList<>();
        for (Finding f : run.findings()) {
            if (f.severity() == dev.pulmo.api.Severity.ERROR) {
                codes.add(f.code());
            }
        }
        // the wrong-size mask was made for CT_small.dcm: it also names that image, study and patient
        assertThat(codes).containsExactlyInAnyOrder("mask.size-mismatch", "mask.wrong-image", "mask.wrong-study",
                "mask.wrong-patient", "image.unreadable");
        assertThat(bad.jsonFile(wrongSize.image())).doesNotExist();
        assertThat(run.findings()).filteredOn(f -> f.code().equals("mask.size-mismatch"))
                .first().extracting(Finding::message).asString().contains("128 x 128").contains("512 x 512");
    }

    @Test
    void aSeriesWhoseCommitFailsIsCountedFailedAndTheOthersAreWritten(@TempDir Path other) throws Exception {
        DatasetLayout tree = new DatasetLayout(other.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.Result r = DemoDataset.generate(tree, 7, new DemoDataset.Size(1, 12, 3));
        // a non-empty folder where one JSON goes: its series' files are staged, the rename in the commit fails
        List<ImageKey> withMasks = r.lesions().stream().map(DemoDataset.Lesion::image).distinct().toList();
        Map<Path, List<ImageKey>> bySeries = withMasks.stream().collect(Collectors.groupingBy(k -> tree.jsonFile(k).getParent()));
        List<ImageKey> victimSeries = bySeries.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
        assertThat(victimSeries).hasSizeGreaterThan(1);
        Path blocked = tree.jsonFile(victimSeries.get(victimSeries.size() - 1));
        Files.createDirectories(blocked.resolve("keep"));
        Path jsonFolder = blocked.getParent();

        Map<ImageKey, Outcome> outcomes = new ConcurrentHashMap<>();
        Runs.Converted run = Runs.convert(tree, true, outcomes);
        DatasetConverter.Summary s = run.summary();
        assertThat(s.failure()).isEmpty(); // a write that fails is a finding, not the end of the run
        assertThat(run.findings()).filteredOn(f -> f.code().equals(DatasetConverter.WRITE_FAILED)).singleElement()
                .satisfies(f -> {
                    assertThat(f.location().file()).isEqualTo(jsonFolder.toString());
                    assertThat(f.message()).contains(blocked.toString()).contains(victimSeries.size() + " JSON file(s)");
                });
        for (ImageKey k : withMasks) {
            assertThat(outcomes.get(k)).as(k.toString()).isEqualTo(victimSeries.contains(k) ? Outcome.FAILED : Outcome.CONVERTED);
            if (!victimSeries.contains(k)) {
                assertThat(tree.jsonFile(k)).isRegularFile();
            }
        }
        assertThat(s.failed()).isEqualTo(victimSeries.size());
        assertThat(s.converted()).isEqualTo(withMasks.size() - victimSeries.size());
        assertThat(blocked.resolve("keep")).isDirectory();
        try (Stream<Path> left = Files.list(jsonFolder)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void theGeneratorsHeadersAreDeIdentifiedAndRealistic() {
        DemoDataset.Lesion l = demo.lesions().get(0);
        var ds = DicomReader.create().withStopBeforePixelData(true).read(layout.dicomFile(l.image())).dataset();
        assertThat(ds.getString(dev.pulmo.dicom.Tag.PatientID)).contains(l.image().patientId());
        assertThat(l.image().patientId().length()).isLessThanOrEqualTo(7);
        assertThat(ds.getString(dev.pulmo.dicom.Tag.PatientIdentityRemoved)).contains("YES");
        assertThat(ds.getString(dev.pulmo.dicom.Tag.PatientAge).orElseThrow()).matches("0[4-8][0-9]Y");
    }
}

package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics of the demo tree against what the generator wrote and the guideline's targets (SPEC.md §9). */
class DatasetStatisticsTest {
    static final Runs.Stats RUN = Runs.stats(DemoTree.LAYOUT);
    static final DatasetStatistics.Report REPORT = RUN.report();

    private static DatasetStatistics.ClassCounts counts(String modality, CaseClass c) {
        return REPORT.classes().stream().filter(x -> x.modality().equals(modality) && x.caseClass() == c).findFirst().orElseThrow();
    }

    @Test
    void patientsAndImagesPerModalityAndClassAreTheGeneratorsSizes() {
        assertThat(RUN.findings()).isEmpty();
        // Size.DEMO: 2 patients per class (1 normal); 4 CT slices, 3 PET slices, 1 X-ray per patient
        Map<String, Integer> slices = Map.of("CCT", 4, "PCT", 3, "XRY", 1);
        for (String m : slices.keySet()) {
            for (CaseClass c : CaseClass.values()) {
                int patients = c == CaseClass.NORMAL ? 1 : 2;
                assertThat(counts(m, c).patients()).as(m + " " + c).isEqualTo(patients);
                assertThat(counts(m, c).images()).as(m + " " + c).isEqualTo((long) patients * slices.get(m));
            }
        }
        assertThat(REPORT.classes()).hasSize(9);
        assertThat(REPORT.classes().stream().mapToLong(DatasetStatistics.ClassCounts::images).sum()).isEqualTo(DemoTree.RESULT.images());
    }

    @Test
    void theProgressHookCountsEveryDicomImageOnce() throws Exception {
        long dicomFiles;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(DemoTree.LAYOUT.root())) {
            dicomFiles = files.filter(p -> p.getParent().getFileName().toString().equals("dcm") && java.nio.file.Files.isRegularFile(p)).count();
        }
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        DatasetStatistics.collect(DemoTree.LAYOUT, 2, f -> { }, calls::incrementAndGet);
        // Size.DEMO: (2 + 2 + 1) patients x (4 CT + 3 PET + 1 X-ray) images
        assertThat(dicomFiles).isEqualTo(40);
        assertThat(calls.get()).isEqualTo(dicomFiles);
    }

    @Test
    void targetsAreTheGuidelines() {
        assertThat(counts("CCT", CaseClass.MALIGNANT).target()).contains(new GuidelineTargets.Target(2_500, 375_000));
        assertThat(counts("XRY", CaseClass.NORMAL).target()).contains(new GuidelineTargets.Target(10_000, 10_000));
        assertThat(counts("PCT", CaseClass.BENIGN).target()).contains(new GuidelineTargets.Target(500, 125_000));
        long images = 0;
        for (String m : List.of("XRY", "CCT", "PCT")) {
            for (CaseClass c : CaseClass.values()) {
                images += GuidelineTargets.of(m, c).orElseThrow().images();
            }
        }
        assertThat(images).isEqualTo(1_813_500); // "about 1.8 million images in all"
        assertThat(GuidelineTargets.of("MMG", CaseClass.MALIGNANT)).isEmpty();
    }

    @Test
    void lesionsPerCategoryAndSizesAreTheGeneratorsLesions() throws Exception {
        // the generator's lesions are single blobs, apart from each other: one annotation each
        Map<String, Long> expected = DemoTree.RESULT.lesions().stream()
                .collect(Collectors.groupingBy(l -> l.image().modality() + "/" + l.categoryId(), Collectors.counting()));
        Map<String, Long> counted = new HashMap<>();
        REPORT.categories().stream().filter(c -> c.lesions() > 0).forEach(c -> counted.put(c.modality() + "/" + c.categoryId(), c.lesions()));
        assertThat(counted).isEqualTo(expected);
        assertThat(REPORT.categories().stream().filter(c -> c.modality().equals("CCT") && c.categoryId() == 1))
                .singleElement().extracting(DatasetStatistics.CategoryCounts::englishName).isEqualTo("malignant");
        assertThat(REPORT.categories()).hasSize(9 + 9 + 4);
        long lesionsOfClasses = REPORT.classes().stream().mapToLong(DatasetStatistics.ClassCounts::lesions).sum();
        assertThat(lesionsOfClasses).isEqualTo(DemoTree.RESULT.lesions().size());

        long[] pixelBins = new long[DatasetStatistics.PIXEL_BINS];
        long[] mmBins = new long[DatasetStatistics.MM_BINS];
        long mmOverflow = 0;
        for (DemoDataset.Lesion l : DemoTree.RESULT.lesions()) {
            double w = l.bbox().width();
            double h = l.bbox().height();
            pixelBins[(int) (Math.max(w, h) / 8)]++;
            double[] spacing = DicomReader.create().read(DemoTree.LAYOUT.dicomFile(l.image())).dataset().getDoubles(Tag.PixelSpacing);
            double mm = Math.max(w * spacing[1], h * spacing[0]);
            // 2-mm bins up to 100 mm
            if (mm >= 100) {
                mmOverflow++;
            } else {
                mmBins[(int) (mm / 2)]++;
            }
        }
        assertThat(REPORT.sizePixels().counts()).containsExactly(pixelBins);
        assertThat(REPORT.sizePixels().overflow()).isZero();
        assertThat(REPORT.sizeMm().counts()).containsExactly(mmBins);
        assertThat(REPORT.sizeMm().overflow()).isEqualTo(mmOverflow);
        assertThat(REPORT.lesionsWithoutSpacing()).isZero();
        assertThat(REPORT.sizeMm().total()).isEqualTo(DemoTree.RESULT.lesions().size());
        Map<String, Long> perModality = DemoTree.RESULT.lesions().stream()
                .collect(Collectors.groupingBy(l -> l.image().modality(), Collectors.counting()));
        assertThat(REPORT.sizeMmByModality().keySet()).containsExactlyInAnyOrder("XRY", "CCT", "PCT");
        REPORT.sizeMmByModality().forEach((m, h) -> assertThat(h.total()).as(m).isEqualTo(perModality.getOrDefault(m, 0L)));
    }

    @Test
    void theThreeChartsAreWritten(@TempDir Path dir) throws Exception {
        List<Path> charts = StatisticsCharts.write(REPORT, dir.resolve("charts"));
        assertThat(Files.list(dir.resolve("charts")).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                StatisticsCharts.IMAGES_CHART, StatisticsCharts.CATEGORIES_CHART, StatisticsCharts.SIZES_CHART);
        for (Path p : charts) {
            BufferedImage png = ImageIO.read(p.toFile());
            assertThat(png.getWidth()).as(p.toString()).isEqualTo(960);
        }
    }

    @Test
    void aCorruptJsonAndAMissingImageAreFindingsNotExceptions(@TempDir Path dir) throws Exception {
        DatasetLayout copy = DemoTree.copyTo(dir);
        DemoDataset.Lesion first = DemoTree.RESULT.lesions().get(0);
        DemoDataset.Lesion other = DemoTree.RESULT.lesions().stream().filter(l -> !l.image().equals(first.image())).findFirst().orElseThrow();
        Files.writeString(copy.jsonFile(first.image()), "{\"info\": {\"description\": ");
        Files.delete(copy.dicomFile(other.image()));
        Runs.Stats run = Runs.stats(copy);
        DatasetStatistics.Report r = run.report();
        assertThat(run.findings()).extracting(Finding::code).containsExactlyInAnyOrder("json.unreadable", "stats.image-missing");
        assertThat(r.errors()).isEqualTo(1);
        assertThat(run.findings().get(0).location().file()).isIn(copy.jsonFile(first.image()).toString(), copy.jsonFile(other.image()).toString());
        long lesionsOfFirst = DemoTree.RESULT.lesions().stream().filter(l -> l.image().equals(first.image())).count();
        assertThat(r.classes().stream().mapToLong(DatasetStatistics.ClassCounts::lesions).sum())
                .isEqualTo(DemoTree.RESULT.lesions().size() - lesionsOfFirst);
        assertThat(r.lesionsWithoutSpacing()).isEqualTo(DemoTree.RESULT.lesions().stream().filter(l -> l.image().equals(other.image())).count());
    }

    @Test
    void aMissingRootIsAFinding(@TempDir Path dir) {
        Runs.Stats run = Runs.stats(new DatasetLayout(dir.resolve("none"), DatasetScannerTest.CATALOG));
        DatasetStatistics.Report r = run.report();
        assertThat(run.findings()).extracting(Finding::code).containsExactly("layout.missing-root");
        assertThat(r.classes()).allMatch(c -> c.images() == 0 && c.patients() == 0);
    }

    private static DatasetStatistics.ClassCounts counts(DatasetStatistics.Report r, String modality, CaseClass c) {
        return r.classes().stream().filter(x -> x.modality().equals(modality) && x.caseClass() == c).findFirst().orElseThrow();
    }

    @Test
    void countsMergedAcrossAPatientsSeriesCountThePatientOnce() {
        SeriesKey a = new SeriesKey("CCT", CaseClass.MALIGNANT, "P1", "2");
        SeriesKey b = new SeriesKey("CCT", CaseClass.MALIGNANT, "P1", "3");
        SeriesKey c = new SeriesKey("CCT", CaseClass.MALIGNANT, "P2", "2");
        DatasetStatistics.SeriesCounts three = new DatasetStatistics.SeriesCounts(3, 2,
                List.of(new DatasetStatistics.Lesion(1, 10, 6), new DatasetStatistics.Lesion(42, 600, Double.NaN)), List.of(), 0);
        DatasetStatistics.SeriesCounts one = new DatasetStatistics.SeriesCounts(1, 1, List.of(new DatasetStatistics.Lesion(3, 7.9, 5)), List.of(), 0);
        // by hand: P1 (two series) and P2 are 2 patients, 3 + 1 + 3 images, 2 + 1 + 2 lesions, of which 2 (category 42)
        // in no category; pixels: 7.9 in [0, 8), 10 twice in [8, 16), 600 twice over 512; mm: 5 in [4, 6), 6 twice in [6, 8), 2 NaN
        List<List<Integer>> splits = List.of(List.of(3), List.of(1, 2), List.of(2, 1), List.of(1, 1, 1), List.of(0, 3, 0));
        for (List<Integer> split : splits) {
            List<SeriesKey> keys = List.of(a, b, c);
            List<DatasetStatistics.SeriesCounts> values = List.of(three, one, three);
            DatasetStatistics.Counts total = new DatasetStatistics.Counts(DatasetScannerTest.CATALOG);
            int next = 0;
            for (int size : split) {
                DatasetStatistics.Counts part = new DatasetStatistics.Counts(DatasetScannerTest.CATALOG);
                for (int i = 0; i < size; i++, next++) {
                    part.add(keys.get(next), values.get(next));
                }
                total.merge(part);
            }
            DatasetStatistics.Report r = total.report(DatasetScannerTest.CATALOG, 0, java.util.Optional.empty());
            DatasetStatistics.ClassCounts ct = counts(r, "CCT", CaseClass.MALIGNANT);
            assertThat(List.of(ct.patients(), ct.images(), ct.lesions())).as("split " + split).containsExactly(2L, 7L, 5L);
            assertThat(r.jsonFiles()).isEqualTo(5);
            assertThat(r.categories().stream().filter(x -> x.modality().equals("CCT")).mapToLong(DatasetStatistics.CategoryCounts::lesions).sum())
                    .isEqualTo(3);
            long[] pixels = new long[DatasetStatistics.PIXEL_BINS];
            pixels[0] = 1;
            pixels[1] = 2;
            assertThat(r.sizePixels()).isEqualTo(new SizeHistogram(8, pixels, 2));
            long[] mm = new long[DatasetStatistics.MM_BINS];
            mm[2] = 1;
            mm[3] = 2;
            assertThat(r.sizeMm()).isEqualTo(new SizeHistogram(2, mm, 0));
            assertThat(r.sizeMmByModality().get("CCT")).isEqualTo(new SizeHistogram(2, mm, 0));
            assertThat(r.lesionsWithoutSpacing()).isEqualTo(2);
        }
    }

    @Test
    void theDemoTreeCountedInConsecutivePartsAndMergedIsCountedAsInOnePass(@TempDir Path dir) throws Exception {
        // a second series for a patient, so that a split can fall between the series of one patient
        DatasetLayout copy = DemoTree.copyTo(dir);
        DemoDataset.Lesion ct = DemoTree.RESULT.lesions().stream().filter(l -> l.image().modality().equals("CCT")).findFirst().orElseThrow();
        Path from = copy.seriesFolder(ct.image().seriesKey());
        String series = ct.image().series();
        Path to = from.resolveSibling("9");
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path q = to.resolve(from.relativize(p).toString().replace("_" + series + "_", "_9_"));
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        DatasetStatistics.Report onePass = Runs.stats(copy).report();
        List<SeriesFiles> all = new java.util.ArrayList<>();
        new DatasetScanner(copy, false).scan(all::add, f -> { });
        DatasetStatistics stats = new DatasetStatistics(copy);
        List<DatasetStatistics.SeriesCounts> counted = all.stream().map(s -> stats.countSeries(s).value()).toList();
        assertThat(counts(onePass, "CCT", ct.image().caseClass()).images()).isEqualTo(counts(REPORT, "CCT", ct.image().caseClass()).images() + 4);
        assertThat(counts(onePass, "CCT", ct.image().caseClass()).patients()).isEqualTo(counts(REPORT, "CCT", ct.image().caseClass()).patients());
        for (int cut = 0; cut <= all.size(); cut++) {
            DatasetStatistics.Counts first = new DatasetStatistics.Counts(copy.catalog());
            DatasetStatistics.Counts second = new DatasetStatistics.Counts(copy.catalog());
            for (int i = 0; i < all.size(); i++) {
                (i < cut ? first : second).add(all.get(i).key(), counted.get(i));
            }
            first.merge(second);
            assertThat(first.report(copy.catalog(), 0, java.util.Optional.empty())).as("cut before series " + cut).isEqualTo(onePass);
        }
    }
}

package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dicom.DicomFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each file of a tree is opened once per command: counted through an instrumented {@link TreeReader}, for
 * {@code convert}, {@code validate}, {@code stats}, {@code export-coco}, {@code nodules} and {@code seg}. The one
 * intended second read is not the pipeline's: {@code validate --format html} draws thumbnails of the worst files
 * after the run ({@link ValidationHtmlReport}), reading the files of each thumbnail again (counted here too: once per
 * thumbnail, and a file shown both as its rule's example and among the worst files is drawn twice).
 */
class FileReadsTest {
    @TempDir
    static Path dir;
    static DatasetLayout layout;

    /** Counts every open, by file. */
    static final class CountingReader implements TreeReader {
        final Map<Path, Integer> opens = new ConcurrentHashMap<>();
        private final TreeReader local = TreeReader.local();

        @Override
        public byte[] readAllBytes(Path file) throws IOException {
            opens.merge(file, 1, Integer::sum);
            return local.readAllBytes(file);
        }

        @Override
        public DicomFile readDicomHeader(Path file) {
            opens.merge(file, 1, Integer::sum);
            return local.readDicomHeader(file);
        }
    }

    @BeforeAll
    static void tree() {
        layout = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.generate(layout, 4, new DemoDataset.Size(2, 3, 2));
    }

    private static Map<Path, Integer> allFiles(String... suffixes) throws IOException {
        try (Stream<Path> s = Files.walk(layout.root())) {
            return s.filter(Files::isRegularFile).filter(p -> Stream.of(suffixes).anyMatch(x -> p.toString().endsWith(x)))
                    .collect(Collectors.toMap(p -> p, p -> 1));
        }
    }

    /** The tree's series, in the scanner's order. */
    private static List<SeriesFiles> series() {
        List<SeriesFiles> all = new ArrayList<>();
        new DatasetScanner(layout).scan(all::add);
        return all;
    }

    /** Opened at most once each, and among them every mask and every JSON of the tree (the files the command needs). */
    private static void eachOnceAndEveryMaskAndJson(String command, CountingReader reads) throws IOException {
        assertThat(reads.opens).as(command).allSatisfy((file, opens) -> assertThat(opens).as(command + " " + file).isEqualTo(1));
        assertThat(reads.opens.keySet()).as(command).containsAll(allFiles("_binary.dcm", ".json").keySet());
    }

    @Test
    void statsExportCocoAndNodulesOpenEachFileAtMostOnce() throws IOException {
        new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2), TreeReader.local()).convert((k, o) -> { }, f -> { });
        TreeRun.Options options = new TreeRun.Options(2, "file-reads", false);

        // stats: what DatasetStatistics.collect runs on every series (lesions and nodules from one read)
        CountingReader statsReads = new CountingReader();
        DatasetStatistics stats = new DatasetStatistics(layout).withReader(statsReads);
        DatasetStatistics.Counts counts = new DatasetStatistics.Counts(layout.catalog());
        TreeRun.Summary run = TreeRun.run(layout, options, stats::countSeries, (s, c) -> counts.add(s.key(), c), f -> { });
        assertThat(run.failure()).isEmpty();
        assertThat(counts.report(layout.catalog(), 0, Optional.empty()).jsonFiles()).isEqualTo(allFiles(".json").size());
        eachOnceAndEveryMaskAndJson("stats", statsReads);

        // export-coco: what CocoExport.export runs on every series, both segmentations
        for (CocoExport.SegmentationKind kind : CocoExport.SegmentationKind.values()) {
            CountingReader cocoReads = new CountingReader();
            CocoExport export = new CocoExport(layout, kind, cocoReads);
            long[] images = {0};
            assertThat(TreeRun.run(layout, options, export::exportSeries, (s, entries) -> images[0] += entries.size(), f -> { })
                    .failure()).isEmpty();
            assertThat(images[0]).isEqualTo(allFiles(".dcm").size() - allFiles("_binary.dcm").size());
            assertThat(cocoReads.opens).as("export-coco " + kind).allSatisfy((file, opens) -> assertThat(opens).as(file.toString()).isEqualTo(1));
            if (kind == CocoExport.SegmentationKind.RLE) {
                eachOnceAndEveryMaskAndJson("export-coco " + kind, cocoReads);
            } else {
                // polygons are the JSON's: masks are not opened
                assertThat(cocoReads.opens.keySet()).as("export-coco " + kind).containsAll(allFiles(".json").keySet())
                        .noneMatch(p -> p.toString().endsWith("_binary.dcm"));
            }
        }

        // nodules: what Nodules.find runs on every series
        CountingReader noduleReads = new CountingReader();
        ImagePipeline pipeline = ImagePipeline.of(layout.catalog());
        long[] nodules = {0};
        assertThat(TreeRun.run(layout, options, s -> Nodules.ofSeries(layout, pipeline, noduleReads, s),
                (s, found) -> nodules[0] += found.size(), f -> { }).failure()).isEmpty();
        assertThat(nodules[0]).isPositive();
        eachOnceAndEveryMaskAndJson("nodules", noduleReads);
    }

    @Test
    void segOpensEachImageAndMaskOfItsSeriesOnce() throws IOException {
        new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2), TreeReader.local()).convert((k, o) -> { }, f -> { });
        SeriesFiles ct = series().stream().filter(s -> s.key().modality().equals("CCT") && s.images().stream().anyMatch(ImageFiles::hasMasks))
                .findFirst().orElseThrow();
        Map<Path, Integer> expected = new java.util.HashMap<>();
        for (ImageFiles image : ct.images()) {
            expected.put(image.dicom(), 1);
            image.masks().values().forEach(m -> expected.put(m, 1));
        }
        // with the tool's name given, no JSON is needed
        CountingReader named = new CountingReader();
        FindingSink.Collected findings = new FindingSink.Collected();
        SeriesSegmentation.Result r = SeriesSegmentation.write(layout, ct, Optional.of("tool"), 99, dir.resolve("named.seg.dcm"), findings, named);
        assertThat(r.written()).as(findings.findings().toString()).isTrue();
        assertThat(named.opens).isEqualTo(expected);

        // without it, the first JSON that names one is read too, once
        CountingReader unnamed = new CountingReader();
        assertThat(SeriesSegmentation.write(layout, ct, Optional.empty(), 99, dir.resolve("unnamed.seg.dcm"), f -> { }, unnamed).written()).isTrue();
        Path firstJson = ct.images().stream().filter(i -> i.json() != null).findFirst().orElseThrow().json();
        expected.put(firstJson, 1);
        assertThat(unnamed.opens).isEqualTo(expected);
    }

    @Test
    void validateHtmlReadsOnlyTheFilesOfItsThumbnailsASecondTimeAfterTheRun(@TempDir Path other) throws IOException {
        DatasetLayout broken = new DatasetLayout(other.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.generate(broken, 5, new DemoDataset.Size(1, 3, 2));
        new DatasetConverter(broken, DatasetConverter.Options.defaults().withThreads(2), TreeReader.local()).convert((k, o) -> { }, f -> { });
        // an image with masks loses its JSON: pairing.json-missing on the image, whose thumbnail outlines its masks
        Path mask;
        try (Stream<Path> s = Files.walk(broken.root())) {
            mask = s.filter(p -> p.toString().endsWith("_binary.dcm")).sorted().findFirst().orElseThrow();
        }
        String name = mask.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('_', name.length() - "_binary.dcm".length() - 1));
        Path series = mask.getParent().getParent();
        Files.delete(series.resolve(DatasetLayout.JSON_FOLDER).resolve(stem + ".json"));
        Path image = series.resolve(DatasetLayout.DICOM_FOLDER).resolve(stem + ".dcm");

        CountingReader runReads = new CountingReader();
        CountingReader thumbnailReads = new CountingReader();
        java.io.StringWriter html = new java.io.StringWriter();
        try (ValidationHtmlReport.Spill spill = ValidationHtmlReport.spill()) {
            DatasetValidator.Report report = new DatasetValidator(broken, 2).withReader(runReads).validate(() -> { }, spill);
            assertThat(runReads.opens).as("the run").allSatisfy((file, opens) -> assertThat(opens).as(file.toString()).isEqualTo(1));
            spill.render(report, broken, thumbnailReads, html);
        }
        assertThat(html.toString()).contains("pairing.json-missing").contains("data:image/png;base64,");
        // the intended further reads: the report's thumbnails, and only their files. The image is drawn twice (as the
        // example of its rule, and among the worst files, each with the findings it shows), so its files are read twice
        Map<Path, Integer> drawn = new java.util.HashMap<>(Map.of(image, 2));
        try (Stream<Path> s = Files.list(mask.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(stem + "_")).forEach(p -> drawn.put(p, 2));
        }
        assertThat(thumbnailReads.opens).isEqualTo(drawn);
    }

    @Test
    void convertOpensEachImageWithMasksAndEachMaskOnceAndValidateEveryFileOnce() throws IOException {
        CountingReader convertReads = new CountingReader();
        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetConverter.Summary s = new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2).withForce(true),
                convertReads).convert((k, o) -> { }, findings);
        assertThat(s.errors()).as(findings.findings().toString()).isZero();
        Map<Path, Integer> expected = allFiles("_binary.dcm");
        try (Stream<Path> json = Files.walk(layout.root())) {
            // the images with masks: exactly those that got a JSON
            json.filter(p -> p.toString().endsWith(".json")).forEach(p -> expected.put(
                    p.getParent().resolveSibling(DatasetLayout.DICOM_FOLDER).resolve(p.getFileName().toString().replace(".json", ".dcm")), 1));
        }
        assertThat(convertReads.opens).isEqualTo(expected);

        CountingReader validateReads = new CountingReader();
        new DatasetValidator(layout, 2).withReader(validateReads).validate(() -> { }, f -> { });
        assertThat(validateReads.opens).isEqualTo(allFiles(".dcm", ".json"));

        // a re-run that finds everything up to date opens each JSON once, and nothing else
        CountingReader rerunReads = new CountingReader();
        new DatasetConverter(layout, DatasetConverter.Options.defaults().withThreads(2), rerunReads).convert((k, o) -> { }, f -> { });
        assertThat(rerunReads.opens).isEqualTo(allFiles(".json"));
    }
}

package dev.pulmo.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.dataset.FindingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pulmo-spark's jobs against the local commands, which are the reference: on the demo tree and on generated trees of
 * every modality, valid and with the first check's faults planted, {@code convert} writes the same JSON bytes (apart from
 * date_created) with the same findings and counts, {@code validate} reports the same findings and counts, {@code stats}
 * the same report and findings, and {@code export-coco} writes the same COCO file byte for byte. The jobs
 * run on a real Spark in local[2], reading and writing through Hadoop's local file system.
 */
class SparkAgreementTest {
    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("SparkAgreementTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static SparkPipeline.Run<DatasetConverter.Summary> convert(DatasetLayout layout, FindingSink sink) {
        return SparkPipeline.convert(spark, layout.root().toString(), DatasetConverter.Options.defaults(), sink);
    }

    /** Local convert on one copy, Spark's on another: same files, same findings, same counts. */
    private void convertAgrees(DatasetLayout local, DatasetLayout onSpark) throws Exception {
        Trees.Local<DatasetConverter.Summary> expected = Trees.convertLocally(local);
        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetConverter.Summary actual;
        try (SparkPipeline.Run<DatasetConverter.Summary> run = convert(onSpark, findings)) {
            actual = run.summary();
            assertThat(run.findings().count()).isEqualTo(findings.findings().size());
        }
        assertThat(actual.failure()).isEmpty();
        assertThat(List.of(actual.converted(), actual.skipped(), actual.failed(), actual.annotations(), actual.errors()))
                .isEqualTo(List.of(expected.summary().converted(), expected.summary().skipped(), expected.summary().failed(),
                        expected.summary().annotations(), expected.summary().errors()));
        assertThat(Trees.relative(findings.findings(), onSpark)).containsExactlyElementsOf(Trees.relative(expected.findings(), local));
        assertThat(Trees.contents(onSpark)).isEqualTo(Trees.contents(local));
    }

    /** Local validate on one copy, Spark's on another: the same set of findings (and the same order), the same counts. */
    private List<String> validateAgrees(DatasetLayout local, DatasetLayout onSpark) {
        Trees.Local<DatasetValidator.Report> expected = Trees.validateLocally(local);
        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetValidator.Report actual;
        try (SparkPipeline.Run<DatasetValidator.Report> run = SparkPipeline.validate(spark, onSpark.root().getParent().toUri().toString(), findings)) {
            actual = run.summary();
            List<String> fromDataset = Trees.relative(run.findings().collectAsList().stream().map(FindingRow::toFinding).toList(), onSpark);
            assertThat(new HashSet<>(fromDataset)).isEqualTo(new HashSet<>(Trees.relative(findings.findings(), onSpark)));
        }
        DatasetValidator.Report e = expected.summary();
        assertThat(List.of(actual.series(), actual.images(), actual.jsonFiles(), actual.masks(), actual.errors(), actual.warnings(), actual.notes()))
                .isEqualTo(List.of(e.series(), e.images(), e.jsonFiles(), e.masks(), e.errors(), e.warnings(), e.notes()));
        assertThat(actual.failure()).isEmpty();
        List<String> mine = Trees.relative(findings.findings(), onSpark);
        List<String> theirs = Trees.relative(expected.findings(), local);
        assertThat(new HashSet<>(mine)).isEqualTo(new HashSet<>(theirs));
        assertThat(mine).as("in the tree's order, as pulmo prints them").containsExactlyElementsOf(theirs);
        return mine;
    }

    /**
     * Local stats on one copy, Spark's on another: the same report (counts, categories, histograms, errors) and the same
     * findings in the same order.
     */
    private DatasetStatistics.Report statsAgrees(DatasetLayout local, DatasetLayout onSpark) {
        Trees.Local<DatasetStatistics.Report> expected = Trees.statsLocally(local);
        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetStatistics.Report actual;
        try (SparkPipeline.Run<DatasetStatistics.Report> run = SparkPipeline.stats(spark, onSpark.root().toString(), findings)) {
            actual = run.summary();
            assertThat(run.findings().count()).isEqualTo(findings.findings().size());
        }
        assertThat(actual.failure()).isEmpty();
        assertThat(actual).isEqualTo(expected.summary());
        assertThat(Trees.relative(findings.findings(), onSpark)).containsExactlyElementsOf(Trees.relative(expected.findings(), local));
        return actual;
    }

    /**
     * Local export-coco of one copy, Spark's of another, both segmentation kinds: the same file byte for byte, the same
     * findings in the same order, the same counts, and nothing else in the output's folder.
     */
    private void exportCocoAgrees(DatasetLayout local, DatasetLayout onSpark) throws Exception {
        for (CocoExport.SegmentationKind kind : CocoExport.SegmentationKind.values()) {
            Path localOut = dir.resolve("coco-local-" + kind + "/coco.json");
            Path sparkOut = dir.resolve("coco-spark-" + kind + "/coco.json");
            Trees.Local<CocoExport.Summary> expected = Trees.exportCocoLocally(local, localOut, kind);
            FindingSink.Collected findings = new FindingSink.Collected();
            CocoExport.Summary actual;
            try (SparkPipeline.Run<CocoExport.Summary> run = SparkPipeline.exportCoco(spark, onSpark.root().getParent().toString(),
                    sparkOut.toUri().toString(), kind, findings)) {
                actual = run.summary();
            }
            assertThat(actual.failure()).isEmpty();
            assertThat(List.of(actual.images(), actual.annotations(), actual.errors()))
                    .isEqualTo(List.of(expected.summary().images(), expected.summary().annotations(), expected.summary().errors()));
            assertThat(actual.images()).isPositive();
            assertThat(actual.annotations()).isPositive();
            assertThat(Trees.relative(findings.findings(), onSpark)).containsExactlyElementsOf(Trees.relative(expected.findings(), local));
            assertThat(Files.readAllBytes(sparkOut)).as(kind + " export").isEqualTo(Files.readAllBytes(localOut));
            try (Stream<Path> files = Files.list(sparkOut.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("coco.json");
            }
        }
    }

    @Test
    void theDemoTree() throws Exception {
        DatasetLayout local = Trees.generate(dir.resolve("a"), 1, DemoDataset.Size.DEMO);
        DatasetLayout onSpark = Trees.copy(local, dir.resolve("b"));
        convertAgrees(local, onSpark);
        List<String> findings = validateAgrees(local, onSpark);
        assertThat(findings).noneMatch(f -> f.startsWith("ERROR"));
        DatasetStatistics.Report stats = statsAgrees(local, onSpark);
        // not only agreement: Size.DEMO has 2 patients per class (1 normal) of each modality
        assertThat(stats.classes()).allMatch(c -> c.patients() == (c.caseClass() == CaseClass.NORMAL ? 1 : 2));
        assertThat(stats.errors()).isZero();
        exportCocoAgrees(local, onSpark);
    }

    @Test
    void generatedTreesOfEveryModalityValidAndFaulty() throws Exception {
        Trees.Generated generated = Trees.generated(dir.resolve("a"), 9, new DemoDataset.Size(2, 5, 3));
        DatasetLayout local = generated.layout();
        DemoDataset.Result demo = generated.demo();
        DatasetLayout onSpark = Trees.copy(local, dir.resolve("b"));
        assertThat(demo.lesions()).extracting(l -> l.image().modality()).contains("XRY", "CCT", "PCT");

        convertAgrees(local, onSpark);
        validateAgrees(local, onSpark);
        DatasetStatistics.Report stats = statsAgrees(local, onSpark);
        assertThat(stats.classes()).filteredOn(c -> c.lesions() > 0).extracting(DatasetStatistics.ClassCounts::modality)
                .contains("XRY", "CCT", "PCT");
        exportCocoAgrees(local, onSpark);

        // the faults planted once, then the tree copied: planting writes new UIDs, so two plantings differ
        Trees.plantFaults(local, demo);
        DatasetLayout faulty = Trees.copy(local, dir.resolve("c"));
        List<String> findings = validateAgrees(local, faulty);
        // the faults themselves, named by rule (not only agreement: both could miss one)
        Set<String> codes = new HashSet<>();
        findings.forEach(f -> codes.add(f.split(" ")[1]));
        assertThat(codes).contains("image.pixel-data-truncated", "mask.wrong-patient", "mask.wrong-study", "cct.slice-gap",
                "layout.leftover-temporary-file", "mask.size-mismatch", "image.unreadable", "layout.unexpected-file", "image.missing");

        // stats and export-coco over the faulty tree: the same counts, files and findings (errors among them)
        assertThat(statsAgrees(local, faulty).errors()).isPositive();
        exportCocoAgrees(local, faulty);

        // convert over the faulty tree: what is up to date is skipped, the rest converted again, with the same findings
        convertAgrees(local, faulty);
    }
}

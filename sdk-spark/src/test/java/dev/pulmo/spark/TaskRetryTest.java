package dev.pulmo.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.dataset.ImageKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that fails once and succeeds when Spark retries it (local[2,3]: three tries per task) leaves the tree as an
 * undisturbed run does: the same files with the same bytes, no partial file, no temporary file. The failures are real
 * ones of the file system the job writes through (a {@link FlakyFileSystem}), in the middle of a series.
 */
class TaskRetryTest {
    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2,3]").appName("TaskRetryTest").config("spark.ui.enabled", "false")
                .config("spark.hadoop.fs.flaky.impl", FlakyFileSystem.class.getName()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aTaskThatFailsOnceLeavesTheOutputsOfAnUndisturbedRun() throws Exception {
        Trees.Generated generated = Trees.generated(dir.resolve("a"), 3, new DemoDataset.Size(1, 5, 3));
        DatasetLayout undisturbed = generated.layout();
        DatasetLayout retried = Trees.copy(undisturbed, dir.resolve("b"));
        Trees.Local<DatasetConverter.Summary> expected = Trees.convertLocally(undisturbed, true);

        // two JSON files of the CT series: one fails half-written, the other after files of its series were written
        List<ImageKey> ct = generated.demo().lesions().stream().map(DemoDataset.Lesion::image)
                .filter(k -> k.modality().equals("CCT")).distinct().sorted().toList();
        assertThat(ct).hasSizeGreaterThanOrEqualTo(2);
        FlakyFileSystem.FAILURES.set(0);
        FlakyFileSystem.failWhileWriting = retried.jsonFile(ct.get(0)).getFileName().toString();
        FlakyFileSystem.failWhenRenaming = retried.jsonFile(ct.get(ct.size() - 1)).getFileName().toString();
        FlakyFileSystem.RENAME_FAILURES_LEFT.set(1);

        FindingSink.Collected findings = new FindingSink.Collected();
        DatasetConverter.Summary summary;
        try (SparkPipeline.Run<DatasetConverter.Summary> run = SparkPipeline.convert(spark, "flaky://" + retried.root(),
                DatasetConverter.Options.defaults().withForce(true), findings)) {
            summary = run.summary();
        }

        assertThat(FlakyFileSystem.FAILURES.get()).as("both failures happened").isEqualTo(2);
        assertThat(summary.failure()).isEmpty();
        assertThat(summary.converted()).isEqualTo(expected.summary().converted()).isPositive();
        assertThat(summary.annotations()).isEqualTo(expected.summary().annotations());
        assertThat(Trees.relative(findings.findings(), retried)).containsExactlyElementsOf(Trees.relative(expected.findings(), undisturbed));
        // every file, hidden ones included: no temporary file, no part, no duplicate
        assertThat(Trees.contents(retried)).isEqualTo(Trees.contents(undisturbed));
    }

    @Test
    void aSeriesThatKeepsFailingStopsTheRunAndSaysWhere() throws Exception {
        Trees.Generated generated = Trees.generated(dir.resolve("c"), 4, new DemoDataset.Size(1, 3, 2));
        DatasetLayout tree = generated.layout();
        String name = tree.jsonFile(generated.demo().lesions().get(0).image()).getFileName().toString();
        FlakyFileSystem.FAILURES.set(0);
        FlakyFileSystem.failWhenRenaming = name;
        FlakyFileSystem.RENAME_FAILURES_LEFT.set(100); // every try fails
        DatasetConverter.Summary summary;
        try (SparkPipeline.Run<DatasetConverter.Summary> run = SparkPipeline.convert(spark, "flaky://" + tree.root(),
                DatasetConverter.Options.defaults(), new FindingSink.Collected())) {
            summary = run.summary();
        } finally {
            FlakyFileSystem.failWhenRenaming = null;
        }
        assertThat(FlakyFileSystem.FAILURES.get()).isEqualTo(3);
        assertThat(summary.failure()).isPresent();
        assertThat(summary.failure().get().message()).contains(name);
    }

    /** The image of a chest CT lesion: export-coco and stats both read its header. */
    private static ImageKey ctLesionImage(Trees.Generated generated) {
        return generated.demo().lesions().stream().map(DemoDataset.Lesion::image).filter(k -> k.modality().equals("CCT"))
                .findFirst().orElseThrow();
    }

    @Test
    void aTaskThatFailsOnceWhileReadingLeavesTheExportAndTheCountsOfAnUndisturbedRun() throws Exception {
        Trees.Generated generated = Trees.generated(dir.resolve("d"), 6, new DemoDataset.Size(1, 4, 3));
        DatasetLayout tree = generated.layout();
        Trees.convertLocally(tree, true);
        Path expected = dir.resolve("expected/coco.json");
        Trees.Local<CocoExport.Summary> local = Trees.exportCocoLocally(tree, expected, CocoExport.SegmentationKind.RLE);
        DatasetStatistics.Report localStats = Trees.statsLocally(tree).summary();
        Path out = dir.resolve("out/coco.json");
        FlakyFileSystem.FAILURES.set(0);
        FlakyFileSystem.failWhenOpening = tree.dicomFile(ctLesionImage(generated)).getFileName().toString();
        try {
            FlakyFileSystem.OPEN_FAILURES_LEFT.set(1);
            CocoExport.Summary summary;
            try (SparkPipeline.Run<CocoExport.Summary> run = SparkPipeline.exportCoco(spark, "flaky://" + tree.root(),
                    "flaky://" + out, CocoExport.SegmentationKind.RLE, new FindingSink.Collected())) {
                summary = run.summary();
            }
            assertThat(FlakyFileSystem.FAILURES.get()).as("the read failed once").isEqualTo(1);
            assertThat(summary.failure()).isEmpty();
            assertThat(summary.images()).isEqualTo(local.summary().images());
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(expected));
            try (Stream<Path> files = Files.list(out.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("coco.json");
            }

            FlakyFileSystem.OPEN_FAILURES_LEFT.set(1);
            DatasetStatistics.Report stats;
            try (SparkPipeline.Run<DatasetStatistics.Report> run = SparkPipeline.stats(spark, "flaky://" + tree.root(),
                    new FindingSink.Collected())) {
                stats = run.summary();
            }
            assertThat(FlakyFileSystem.FAILURES.get()).as("the read failed once more").isEqualTo(2);
            assertThat(stats).as("a retried task's counts are counted once").isEqualTo(localStats);
        } finally {
            FlakyFileSystem.failWhenOpening = null;
        }
    }

    @Test
    void anExportWhoseSeriesKeepsFailingLeavesThePreviousFileAndSaysWhere() throws Exception {
        Trees.Generated generated = Trees.generated(dir.resolve("e"), 7, new DemoDataset.Size(1, 3, 2));
        DatasetLayout tree = generated.layout();
        Path out = dir.resolve("out/coco.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "the previous export");
        String name = tree.dicomFile(ctLesionImage(generated)).getFileName().toString();
        FlakyFileSystem.FAILURES.set(0);
        FlakyFileSystem.failWhenOpening = name;
        FlakyFileSystem.OPEN_FAILURES_LEFT.set(100); // every try fails
        CocoExport.Summary summary;
        try (SparkPipeline.Run<CocoExport.Summary> run = SparkPipeline.exportCoco(spark, "flaky://" + tree.root(),
                out.toString(), CocoExport.SegmentationKind.POLYGON, new FindingSink.Collected())) {
            summary = run.summary();
        } finally {
            FlakyFileSystem.failWhenOpening = null;
        }
        assertThat(FlakyFileSystem.FAILURES.get()).as("three tries").isEqualTo(3);
        assertThat(summary.failure()).isPresent();
        assertThat(summary.failure().get().message()).contains(name);
        assertThat(Files.readString(out)).isEqualTo("the previous export");
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("coco.json");
        }
    }
}

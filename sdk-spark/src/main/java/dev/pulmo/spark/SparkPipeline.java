package dev.pulmo.spark;

import dev.pulmo.api.Info;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.dataset.PngFiles;
import dev.pulmo.dataset.StatisticsCharts;
import dev.pulmo.dataset.TreeRun;
import dev.pulmo.spark.internal.ConvertStep;
import dev.pulmo.spark.internal.ExportCocoStep;
import dev.pulmo.spark.internal.HadoopTree;
import dev.pulmo.spark.internal.StatsStep;
import dev.pulmo.spark.internal.TreeJob;
import dev.pulmo.spark.internal.ValidateStep;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * The tree commands of {@code pulmo} on Apache Spark: the same per-image pipeline (sdk-dataset), partitioned by series.
 *
 * <p>The driver scans the tree through Hadoop's {@code FileSystem} ({@code file:}, {@code hdfs:} or any other Hadoop file
 * system; a plain path is one of the default file system) with the local command's layout rules; the series go to the
 * executors in contiguous groups of about equal image counts, a series never split (its series rules need all its
 * images); each executor finds the modality plugins on its class path ({@code ServiceLoader}: the built-in ones and
 * those passed with {@code --jars}) and runs the local command's per-series step on files read through the same file
 * system. Findings come back in the tree's order to a {@link FindingSink}, exactly as the local command hands them on,
 * and as a {@code Dataset} ({@link Run#findings()}); findings name files by the tree's path, without the file system's
 * scheme, so those of a {@code file:} tree are the local command's.
 *
 * <p>A task that fails is retried by Spark (with {@code spark.task.maxFailures}, or {@code local[N,F]}): every output file
 * is written whole to a hidden temporary file and renamed over its target, and the same run writes the same bytes, so
 * a retried task leaves no part and no duplicate. A series that keeps failing stops the run: the summary's
 * {@code failure} then names it, as the local command's does.
 */
public final class SparkPipeline {

    private SparkPipeline() {
    }

    /**
     * What a job did: the local command's summary, and its findings as a Dataset (read again from the run's stored
     * results, not recomputed while the run is open). Close it to release those results.
     */
    public static final class Run<S> implements AutoCloseable {
        private final S summary;
        private final TreeJob job;

        Run(S summary, TreeJob job) {
            this.summary = summary;
            this.job = job;
        }

        /** The local command's summary of the run. */
        public S summary() {
            return summary;
        }

        /**
         * Every finding of the run, layout ones included; sort by {@link FindingRow#getOrder()} and
         * {@link FindingRow#getIndex()} for the tree's order. Write it as JSON lines with
         * {@code findings().write().json(uri)}.
         */
        public Dataset<FindingRow> findings() {
            return job.findings();
        }

        /** The tree's {@code lung_cancer} folder, as its findings name it. */
        public String root() {
            return job.layout().root().toString();
        }

        @Override
        public void close() {
            job.close();
        }
    }

    /**
     * {@code pulmo convert} on Spark: every image with masks gets its guideline JSON in its series' {@code json/} folder.
     *
     * @param tree    the dataset: its {@code lung_cancer} folder or a folder that contains one, as a URI or a path of the
     *                default file system
     * @param options the local command's options ({@code threads} is not used: Spark's cores are)
     * @param sink    receives every finding in the tree's order, on the driver
     */
    public static Run<DatasetConverter.Summary> convert(SparkSession spark, String tree, DatasetConverter.Options options,
                                                         FindingSink sink) {
        long start = System.nanoTime();
        TreeJob job = TreeJob.scan(spark, tree, false);
        Info info = new DatasetConverter(job.layout(), options).runInfo();
        FindingSink.Counts severities = new FindingSink.Counts();
        long[] c = new long[4];
        Optional<TreeRun.Failure> failure = job.run(j -> new ConvertStep(j.tree(), j.layout().root(), options, info),
                sink.and(severities), TreeJob.sumInto(c));
        return new Run<>(new DatasetConverter.Summary(c[0], c[1], c[2], c[3], severities.errors(), failure,
                Duration.ofNanos(System.nanoTime() - start)), job);
    }

    /**
     * {@code pulmo validate} on Spark: the guideline's first check and more, reading only.
     *
     * @param tree as for {@link #convert}
     * @param sink receives every finding in the tree's order, on the driver
     */
    public static Run<DatasetValidator.Report> validate(SparkSession spark, String tree, FindingSink sink) {
        TreeJob job = TreeJob.scan(spark, tree, true);
        FindingSink.Counts severities = new FindingSink.Counts();
        long[] c = new long[3];
        Optional<TreeRun.Failure> failure = job.run(j -> new ValidateStep(j.tree(), j.layout().root()), sink.and(severities),
                TreeJob.sumInto(c));
        return new Run<>(new DatasetValidator.Report(job.seriesCount(), c[0], c[1], c[2], severities.errors(),
                severities.warnings(), severities.notes(), List.of(), failure), job);
    }

    /**
     * {@code pulmo stats} on Spark: each task counts its series with the local command's step into
     * {@link DatasetStatistics.Counts}, and the driver merges the tasks' counts in the tree's order.
     *
     * @param tree as for {@link #convert}
     * @param sink receives every finding in the tree's order, on the driver
     */
    public static Run<DatasetStatistics.Report> stats(SparkSession spark, String tree, FindingSink sink) {
        TreeJob job = TreeJob.scan(spark, tree, false);
        FindingSink.Counts severities = new FindingSink.Counts();
        DatasetStatistics.Counts counts = new DatasetStatistics.Counts(job.layout().catalog());
        Optional<TreeRun.Failure> failure = job.run(j -> new StatsStep(j.tree(), j.layout().root()), sink.and(severities),
                counts::merge);
        return new Run<>(counts.report(job.layout().catalog(), severities.errors(), failure), job);
    }

    /**
     * {@code pulmo export-coco} on Spark: each task makes its series' COCO entries with the local command's step, and the
     * driver writes them in the tree's order into the local command's document: the same file, byte for byte. The
     * target is written whole to a temporary file next to it and renamed over it; nothing is written when the run stops.
     *
     * @param tree   as for {@link #convert}
     * @param target the COCO file to write, as a URI or a path of the default file system (any Hadoop file system)
     * @param sink   receives every finding in the tree's order, on the driver
     * @throws java.io.UncheckedIOException naming the target when it cannot be written
     */
    public static Run<CocoExport.Summary> exportCoco(SparkSession spark, String tree, String target,
                                                     CocoExport.SegmentationKind kind, FindingSink sink) {
        TreeJob job = TreeJob.scan(spark, tree, false);
        try {
            HadoopTree.Located out = HadoopTree.locate(target, spark.sparkContext().hadoopConfiguration());
            return new Run<>(ExportCocoStep.export(job, out, kind, sink), job);
        } catch (RuntimeException e) {
            job.close();
            throw e;
        }
    }

    /**
     * Writes {@code pulmo stats}' charts ({@link StatisticsCharts}) of {@code report} into {@code folder} (a URI or a path
     * of the default file system), each PNG written whole to a temporary file next to it and renamed over it.
     *
     * @throws UncheckedIOException naming the chart that could not be written
     */
    public static void writeCharts(SparkSession spark, DatasetStatistics.Report report, String folder) {
        HadoopTree.Located at = HadoopTree.locate(folder, spark.sparkContext().hadoopConfiguration());
        for (Map.Entry<String, BufferedImage> chart : StatisticsCharts.charts(report).entrySet()) {
            java.nio.file.Path target = at.folder().resolve(chart.getKey());
            try {
                at.tree().writeAtomically(target, out -> PngFiles.write(chart.getValue(), out));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }
    }
}

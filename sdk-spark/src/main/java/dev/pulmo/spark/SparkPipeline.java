package dev.pulmo.spark;

import dev.pulmo.api.Info;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.spark.internal.ConvertStep;
import dev.pulmo.spark.internal.TreeJob;
import dev.pulmo.spark.internal.ValidateStep;
import java.time.Duration;
import java.util.List;
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
        TreeJob.Totals t = job.run(j -> new ConvertStep(j.tree(), j.layout().root(), options, info), 4, sink.and(severities));
        long[] c = t.counts();
        return new Run<>(new DatasetConverter.Summary(c[0], c[1], c[2], c[3], severities.errors(), t.failure(),
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
        TreeJob.Totals t = job.run(j -> new ValidateStep(j.tree(), j.layout().root()), 3, sink.and(severities));
        long[] c = t.counts();
        return new Run<>(new DatasetValidator.Report(job.seriesCount(), c[0], c[1], c[2], severities.errors(),
                severities.warnings(), severities.notes(), List.of(), t.failure()), job);
    }
}

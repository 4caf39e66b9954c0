package dev.pulmo.spark.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetScanner;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.dataset.TreeListing;
import dev.pulmo.dataset.TreeRun;
import dev.pulmo.spark.FindingRow;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * A tree command on Spark, on the driver: the scanner walks the tree through the Hadoop listing (the local command's
 * layout rules and findings), the series go to the executors in contiguous groups of about equal image counts (so the
 * tree's order survives), each group a partition, and the results come back in the tree's order to a
 * {@link FindingSink}, merged with the layout findings, as the local {@link TreeRun} hands them on.
 */
public final class TreeJob implements AutoCloseable {

    /** Partitions per core of the cluster: small enough groups that a slow series does not hold up the end of the job. */
    public static final int PARTITIONS_PER_CORE = 4;

    /**
     * About the most images of a partition (a larger series stays whole): the driver reads the results one partition at a
     * time, and export-coco's hold an entry per image, so this bounds the driver's memory however large the tree.
     */
    public static final long MAX_IMAGES_PER_PARTITION = 10_000;

    private final SparkSession spark;
    private final HadoopTree.Located located;
    private final DatasetLayout layout;
    private final List<SeriesTask> series = new ArrayList<>();
    private final List<FindingRow> layoutFindings = new ArrayList<>();
    private JavaRDD<? extends PartitionResult<?>> results;

    private TreeJob(SparkSession spark, HadoopTree.Located located, DatasetLayout layout) {
        this.spark = spark;
        this.located = located;
        this.layout = layout;
    }

    /** Scans {@code tree} on the driver; the layout findings are kept for {@link #run}. */
    public static TreeJob scan(SparkSession spark, String tree, boolean reportTemporaryFiles) {
        ModalityCatalog catalog = Catalogs.current();
        HadoopTree.Located located = HadoopTree.locate(tree, spark.sparkContext().hadoopConfiguration());
        TreeListing listing = located.tree().listing();
        DatasetLayout layout = DatasetLayout.of(located.folder(), catalog, listing);
        TreeJob job = new TreeJob(spark, located, layout);
        long[] order = {0};
        new DatasetScanner(layout, reportTemporaryFiles, listing).scan(s -> {
            job.series.add(SeriesTask.of(order[0]++, s));
        }, f -> job.layoutFindings.add(FindingRow.of(f, order[0]++, 0)));
        return job;
    }

    public DatasetLayout layout() {
        return layout;
    }

    public HadoopTree tree() {
        return located.tree();
    }

    /** Series found by the scan. */
    public long seriesCount() {
        return series.size();
    }

    /**
     * Runs {@code step} on every series, hands every finding to {@code sink} in the tree's order and each partition's
     * value to {@code inOrder}, in the tree's order too (a partition holds consecutive series).
     *
     * @return why the run stopped, when a series kept failing; then only the layout findings are handed on, and no value
     */
    public <V extends Serializable> Optional<TreeRun.Failure> run(Function<TreeJob, SeriesStep<V>> step, FindingSink sink,
                                                                  Consumer<V> inOrder) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<List<SeriesTask>> groups = groups(series, jsc.defaultParallelism() * PARTITIONS_PER_CORE, MAX_IMAGES_PER_PARTITION);
        JavaRDD<PartitionResult<V>> computed = jsc.parallelize(groups, Math.max(1, groups.size())).mapPartitions(step.apply(this))
                .persist(StorageLevel.MEMORY_AND_DISK());
        results = computed;
        try {
            computed.count(); // every series at once; the ordered read below then reads what is stored
        } catch (Exception e) { // Spark's SparkException is checked, and thrown undeclared
            awaitTasksEnded();
            layoutFindings.forEach(r -> sink.accept(r.toFinding()));
            return Optional.of(new TreeRun.Failure(located.folder().toString(), rootCause(e)));
        }
        Iterator<PartitionResult<V>> done = computed.toLocalIterator();
        int nextLayout = 0;
        while (done.hasNext()) {
            PartitionResult<V> partition = done.next();
            for (SeriesResult r : partition.series()) {
                while (nextLayout < layoutFindings.size() && layoutFindings.get(nextLayout).getOrder() < r.order()) {
                    sink.accept(layoutFindings.get(nextLayout++).toFinding());
                }
                r.findings().forEach(f -> sink.accept(f.toFinding()));
            }
            inOrder.accept(partition.value());
        }
        while (nextLayout < layoutFindings.size()) {
            sink.accept(layoutFindings.get(nextLayout++).toFinding());
        }
        return Optional.empty();
    }

    /**
     * After a failed job, the tasks Spark cancelled go on until they end (cancelling does not interrupt them): waits, a
     * minute at most, until no task runs, so that none still writes into the tree when the run returns.
     */
    private void awaitTasksEnded() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline && java.util.Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
                .anyMatch(executor -> executor.numRunningTasks() > 0)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Adds {@code counts} of a partition to {@code total}: the {@code inOrder} of commands whose value is counts. */
    public static Consumer<long[]> sumInto(long[] total) {
        return counts -> {
            for (int i = 0; i < total.length; i++) {
                total[i] += counts[i];
            }
        };
    }

    /** Every finding of the run (layout and series), as a Dataset; after {@link #run}. */
    public Dataset<FindingRow> findings() {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<FindingRow> all = jsc.parallelize(layoutFindings, 1)
                .union(results.flatMap(p -> p.series().stream().flatMap(r -> r.findings().stream()).iterator()));
        return spark.createDataset(all.rdd(), Encoders.bean(FindingRow.class));
    }

    /**
     * Contiguous runs of {@code series} of about {@code total images / partitions} images each, and about
     * {@code maxImages} at most (a group ends with the series that reaches its size; a larger series is a group of its
     * own): a chest CT series of 300 slices and an X-ray series of one image weigh what they cost. A series is never
     * split (its series rules need all of it).
     */
    static List<List<SeriesTask>> groups(List<SeriesTask> series, int partitions, long maxImages) {
        long images = 0;
        for (SeriesTask s : series) {
            images += s.size();
        }
        long perGroup = Math.min(maxImages, Math.max(1, (images + partitions - 1) / Math.max(1, partitions)));
        List<List<SeriesTask>> groups = new ArrayList<>();
        List<SeriesTask> current = new ArrayList<>();
        long inCurrent = 0;
        for (SeriesTask s : series) {
            current.add(s);
            inCurrent += Math.max(1, s.size());
            if (inCurrent >= perGroup) {
                groups.add(current);
                current = new ArrayList<>();
                inCurrent = 0;
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** The pipeline's own failure naming the image (a {@link TreeRun.WorkFailure}) rather than Spark's wrapper, when there is one. */
    private static Throwable rootCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TreeRun.WorkFailure) {
                return t;
            }
        }
        return e;
    }

    @Override
    public void close() {
        if (results != null) {
            results.unpersist(false);
        }
    }

    /** Layout findings, for commands that stop before running. */
    public List<Finding> layoutFindings() {
        return layoutFindings.stream().map(FindingRow::toFinding).toList();
    }
}

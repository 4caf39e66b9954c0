package dev.pulmo.spark.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.spark.FindingRow;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * A command's work on the series of one partition, on an executor: the tree's layout is made again there from its folder
 * and the executor's plugins, and each series goes through the same per-series step as the local command's, adding
 * what it finds to the partition's value ({@code V}: counts, a mergeable partial result, or document entries).
 */
public abstract class SeriesStep<V extends Serializable>
        implements FlatMapFunction<Iterator<List<SeriesTask>>, PartitionResult<V>>, Serializable {
    private static final long serialVersionUID = 1L;

    protected final HadoopTree tree;
    private final String root;

    protected SeriesStep(HadoopTree tree, Path root) {
        this.tree = tree;
        this.root = root.toString();
    }

    /** The value of no series, to which each series of the partition adds its own. */
    protected abstract V empty(DatasetLayout layout);

    /** Runs the local command's step on one series, adds its value to {@code partition}, and returns its findings. */
    protected abstract List<Finding> series(SeriesTask task, DatasetLayout layout, V partition);

    @Override
    public Iterator<PartitionResult<V>> call(Iterator<List<SeriesTask>> groups) {
        ModalityCatalog catalog = Catalogs.current();
        DatasetLayout layout = new DatasetLayout(Path.of(root), catalog);
        V value = empty(layout);
        List<SeriesResult> results = new ArrayList<>();
        while (groups.hasNext()) {
            for (SeriesTask task : groups.next()) {
                List<Finding> findings = series(task, layout, value);
                List<FindingRow> rows = new ArrayList<>(findings.size());
                for (int i = 0; i < findings.size(); i++) {
                    rows.add(FindingRow.of(findings.get(i), task.order(), i));
                }
                results.add(new SeriesResult(task.order(), rows));
            }
        }
        return List.of(new PartitionResult<>(results, value)).iterator();
    }

    /** The largest file a task reads: a quarter of the executor's heap, as the local reader allows. */
    protected static long maxFileBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }
}

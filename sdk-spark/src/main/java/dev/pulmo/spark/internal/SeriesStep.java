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
 * and the executor's plugins, and each series goes through the same per-series step as the local command's.
 */
public abstract class SeriesStep implements FlatMapFunction<Iterator<List<SeriesTask>>, SeriesResult>, Serializable {
    private static final long serialVersionUID = 1L;

    protected final HadoopTree tree;
    private final String root;

    protected SeriesStep(HadoopTree tree, Path root) {
        this.tree = tree;
        this.root = root.toString();
    }

    /** The findings and counts of one series. */
    protected abstract Outcome series(SeriesTask task, DatasetLayout layout);

    /** One series' findings and counts. */
    protected record Outcome(List<Finding> findings, long... counts) {
    }

    @Override
    public Iterator<SeriesResult> call(Iterator<List<SeriesTask>> groups) {
        ModalityCatalog catalog = Catalogs.current();
        DatasetLayout layout = new DatasetLayout(Path.of(root), catalog);
        List<SeriesResult> results = new ArrayList<>();
        while (groups.hasNext()) {
            for (SeriesTask task : groups.next()) {
                Outcome o = series(task, layout);
                List<FindingRow> rows = new ArrayList<>(o.findings().size());
                for (int i = 0; i < o.findings().size(); i++) {
                    rows.add(FindingRow.of(o.findings().get(i), task.order(), i));
                }
                results.add(new SeriesResult(task.order(), rows, o.counts()));
            }
        }
        return results.iterator();
    }

    /** The largest file a task reads: a quarter of the executor's heap, as the local reader allows. */
    protected static long maxFileBytes() {
        return Runtime.getRuntime().maxMemory() / 4;
    }
}

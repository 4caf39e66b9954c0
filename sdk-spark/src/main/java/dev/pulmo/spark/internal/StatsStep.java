package dev.pulmo.spark.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.TreeRun;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code stats} of one series: {@link DatasetStatistics#countSeries}, the local command's step, added to the partition's
 * {@link DatasetStatistics.Counts}; the driver merges the partitions' counts in the tree's order.
 */
public final class StatsStep extends SeriesStep<DatasetStatistics.Counts> {
    private static final long serialVersionUID = 1L;

    public StatsStep(HadoopTree tree, Path root) {
        super(tree, root);
    }

    @Override
    protected DatasetStatistics.Counts empty(DatasetLayout layout) {
        return new DatasetStatistics.Counts(layout.catalog());
    }

    @Override
    protected List<Finding> series(SeriesTask task, DatasetLayout layout, DatasetStatistics.Counts counts) {
        TreeRun.SeriesOutcome<DatasetStatistics.SeriesCounts> o = new DatasetStatistics(layout)
                .withReader(tree.reader(maxFileBytes())).countSeries(task.files());
        counts.add(task.files().key(), o.value());
        return o.findings();
    }
}

package dev.pulmo.spark.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.TreeRun;
import java.nio.file.Path;
import java.util.List;

/** {@code validate} of one series: {@link DatasetValidator#checkSeries}, the local command's step. Counts: images, JSON files, masks. */
public final class ValidateStep extends SeriesStep<long[]> {
    private static final long serialVersionUID = 1L;

    public ValidateStep(HadoopTree tree, Path root) {
        super(tree, root);
    }

    @Override
    protected long[] empty(DatasetLayout layout) {
        return new long[3];
    }

    @Override
    protected List<Finding> series(SeriesTask task, DatasetLayout layout, long[] counts) {
        TreeRun.SeriesOutcome<DatasetValidator.SeriesCounts> o = new DatasetValidator(layout, 1)
                .withReader(tree.reader(maxFileBytes())).checkSeries(task.files());
        counts[0] += o.value().images();
        counts[1] += o.value().jsonFiles();
        counts[2] += o.value().masks();
        return o.findings();
    }
}

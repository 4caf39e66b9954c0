package dev.pulmo.spark.internal;

import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.TreeRun;
import java.nio.file.Path;

/** {@code validate} of one series: {@link DatasetValidator#checkSeries}, the local command's step. Counts: images, JSON files, masks. */
public final class ValidateStep extends SeriesStep {
    private static final long serialVersionUID = 1L;

    public ValidateStep(HadoopTree tree, Path root) {
        super(tree, root);
    }

    @Override
    protected Outcome series(SeriesTask task, DatasetLayout layout) {
        TreeRun.SeriesOutcome<DatasetValidator.SeriesCounts> o = new DatasetValidator(layout, 1)
                .withReader(tree.reader(maxFileBytes())).checkSeries(task.files());
        return new Outcome(o.findings(), o.value().images(), o.value().jsonFiles(), o.value().masks());
    }
}

package dev.pulmo.spark.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Info;
import dev.pulmo.api.Location;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dataset.ImagePipeline;
import dev.pulmo.dataset.TreeRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code convert} of one series: {@link DatasetConverter#convertImage} per image with masks (the local command's step),
 * each JSON written atomically through the tree's file system. Counts: converted, skipped, failed, annotations.
 */
public final class ConvertStep extends SeriesStep<long[]> {
    private static final long serialVersionUID = 1L;

    private final boolean force;
    private final String toolname;
    private final String[] info;

    public ConvertStep(HadoopTree tree, Path root, DatasetConverter.Options options, Info runInfo) {
        super(tree, root);
        this.force = options.force();
        this.toolname = options.toolname();
        this.info = new String[] {runInfo.description(), runInfo.version(), runInfo.contributor(), runInfo.dateCreated()};
    }

    @Override
    protected long[] empty(DatasetLayout layout) {
        return new long[4];
    }

    @Override
    protected List<Finding> series(SeriesTask task, DatasetLayout layout, long[] counts) {
        Info runInfo = new Info(info[0], info[1], info[2], info[3]);
        DatasetConverter converter = new DatasetConverter(layout, new DatasetConverter.Options(1, force, runInfo, toolname),
                tree.reader(maxFileBytes()));
        List<Finding> findings = new ArrayList<>();
        tree.removeLeftovers(layout.seriesFolder(task.files().key()).resolve(DatasetLayout.JSON_FOLDER));
        for (ImageFiles image : task.files().images()) {
            if (!image.hasMasks()) {
                continue;
            }
            DatasetConverter.ImageConversion c = converter.convertImage(image, runInfo);
            findings.addAll(c.findings());
            if (c.outcome() != DatasetConverter.Outcome.CONVERTED) {
                counts[c.outcome().ordinal()]++;
                continue;
            }
            Path target = layout.jsonFile(image.key());
            try {
                tree.writeAtomically(target, out -> GuidelineJson.write(c.file().get(), out));
                counts[DatasetConverter.Outcome.CONVERTED.ordinal()]++;
                counts[3] += c.annotationCount();
            } catch (IOException | UncheckedIOException e) {
                findings.add(Finding.error(DatasetConverter.WRITE_FAILED, Location.ofFile(target.toString()), e.getMessage()));
                counts[DatasetConverter.Outcome.FAILED.ordinal()]++;
            } catch (RuntimeException e) {
                // not a write that failed but the task (a lost connection, say): Spark retries it; the failure names the file
                throw new TreeRun.WorkFailure(target.toString(), e);
            }
        }
        return ImagePipeline.capPerFile(findings);
    }
}

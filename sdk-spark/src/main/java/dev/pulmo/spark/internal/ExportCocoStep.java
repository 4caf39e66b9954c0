package dev.pulmo.spark.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.dataset.TreeRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;

/**
 * {@code export-coco} of one series: {@link CocoExport#exportSeries}, the local command's step, its entries sent to the
 * driver in the tree's order; there {@link #export} assembles them into the local command's {@link CocoExport.Document}:
 * the same ids, the same bytes.
 */
public final class ExportCocoStep extends SeriesStep<ArrayList<CocoImageRow>> {
    private static final long serialVersionUID = 1L;

    private final CocoExport.SegmentationKind kind;

    public ExportCocoStep(HadoopTree tree, Path root, CocoExport.SegmentationKind kind) {
        super(tree, root);
        this.kind = kind;
    }

    @Override
    protected ArrayList<CocoImageRow> empty(DatasetLayout layout) {
        return new ArrayList<>();
    }

    @Override
    protected List<Finding> series(SeriesTask task, DatasetLayout layout, ArrayList<CocoImageRow> entries) {
        TreeRun.SeriesOutcome<List<CocoExport.CocoImage>> o = new CocoExport(layout, kind, tree.reader(maxFileBytes()))
                .exportSeries(task.files());
        o.value().forEach(image -> entries.add(CocoImageRow.of(image)));
        return o.findings();
    }

    /** Thrown out of the document's writer when the run stopped: the target is then left as it was. */
    private static final class Stopped extends RuntimeException {
        private final transient TreeRun.Failure failure;

        Stopped(TreeRun.Failure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }
    }

    /**
     * Runs the export of {@code job}'s tree, on the driver, into {@code target} on its file system: written whole to a
     * temporary file next to it and renamed over it, the annotations staged in another temporary file next to it (on
     * the target's file system, as the local command stages them next to its target), removed in any case. Nothing is
     * written when the run stops early.
     *
     * @throws UncheckedIOException naming the target when it cannot be written
     */
    public static CocoExport.Summary export(TreeJob job, HadoopTree.Located target, CocoExport.SegmentationKind kind,
                                            FindingSink sink) {
        HadoopTree out = target.tree();
        Path file = target.folder();
        FindingSink.Counts severities = new FindingSink.Counts();
        FindingSink counted = sink.and(severities);
        out.removeLeftovers(file.toAbsolutePath().getParent());
        org.apache.hadoop.fs.Path fragment = out.temporaryNextTo(file.resolveSibling(file.getFileName() + ".annotations"));
        FileSystem fs = out.fs();
        CocoExport.Document[] written = new CocoExport.Document[1];
        Optional<TreeRun.Failure> failure = Optional.empty();
        try {
            out.writeAtomically(file, main -> {
                CocoExport.Document document;
                try (OutputStream side = fs.create(fragment, false)) {
                    document = new CocoExport.Document(main, side, job.layout().catalog(), kind, counted);
                    written[0] = document;
                    Optional<TreeRun.Failure> stopped = job.run(j -> new ExportCocoStep(j.tree(), j.layout().root(), kind),
                            counted, entries -> document.add(entries.stream().map(CocoImageRow::toCocoImage).toList()));
                    if (stopped.isPresent()) {
                        throw new Stopped(stopped.get());
                    }
                    document.endImages();
                }
                try (InputStream staged = fs.open(fragment)) {
                    document.finish(staged);
                }
            });
        } catch (Stopped e) {
            failure = Optional.of(e.failure);
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        } finally {
            try {
                fs.delete(fragment, false);
            } catch (IOException ignored) {
                // a left-over temporary file is harmless (and removed by the next export on a local file system)
            }
        }
        CocoExport.Document d = written[0];
        return new CocoExport.Summary(d == null ? 0 : d.images(), d == null ? 0 : d.annotations(), severities.errors(), failure);
    }
}

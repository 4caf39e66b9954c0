package dev.pulmo.cli;

import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulmo export-coco}: the whole dataset as one standard COCO file for training frameworks. */
@Command(name = "export-coco",
        header = "Export a dataset as one standard COCO file (pycocotools, detectron2, mmdetection).",
        description = {"Writes every image (file_name relative to lung_cancer/, width, height) and its annotations with COCO "
                + "[x, y, w, h] boxes, area, iscrowd 0 and segmentation: polygons from the guideline JSON, or, with "
                + "--segmentation rle, pycocotools' compressed RLE from the binary masks (exact, holes kept; one "
                + "annotation per connected part).",
                "Category ids: COCO id = modality offset + guideline id, offsets XRY 100, CCT 200, PCT 300 and 1000, 1100, … "
                        + "for plugin modalities in code order; supercategory = modality code, name = English name.",
                "Streamed (memory does not grow with the dataset) and written atomically."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:exported", "1:some files could not be read (left out, see findings)", "2:usage or I/O failure"})
final class ExportCocoCommand implements Callable<Integer> {

    /** Segmentation kinds as typed on the command line. */
    enum Kind { polygon, rle }

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The COCO JSON file to write.")
    Path out;

    @Option(names = "--segmentation", paramLabel = "<kind>", defaultValue = "polygon",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Kind segmentation;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text", description = "Findings as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FindingsReport.Format format;

    @Override
    public Integer call() {
        dataset.check();
        InputChecks.outputFile(spec.commandLine(), "--out", out);
        FindingsReport report = FindingsReport.open(format, spec.commandLine().getOut());
        CocoExport.Summary s;
        try (PluginRegistry registry = dataset.plugins.open()) {
            DatasetLayout layout = dataset.layout(registry);
            Progress progress = new Progress(spec.commandLine().getErr(), "export-coco", "images", Progress.images(layout));
            s = CocoExport.export(layout, out,
                    segmentation == Kind.rle ? CocoExport.SegmentationKind.RLE : CocoExport.SegmentationKind.POLYGON,
                    dataset.threads(), () -> progress.step(true), report);
            progress.finish();
        } catch (UncheckedIOException e) {
            report.finish(0);
            spec.commandLine().getErr().println("pulmo export-coco: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        PrintWriter o = spec.commandLine().getOut();
        if (format == FindingsReport.Format.text && s.failure().isEmpty()) {
            o.println(out + ": " + s.images() + " images, " + s.annotations() + " annotations (" + segmentation + ")");
        }
        report.finish(s.images());
        if (s.failure().isPresent()) {
            spec.commandLine().getErr().println("pulmo export-coco: stopped before the end of the tree, nothing written: "
                    + s.failure().get().message());
            return ExitCodes.USAGE_OR_IO;
        }
        return s.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}

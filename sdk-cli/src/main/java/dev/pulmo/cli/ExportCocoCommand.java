package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.dataset.CocoDirectoryExport;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulmo export-coco}: the dataset as a folder of PNG images and COCO files for training frameworks. */
@Command(name = "export-coco",
        header = "Export a dataset for training: windowed PNG images and standard COCO files (pycocotools, detectron2, mmdetection).",
        description = {"Writes into DIR the images (--images png, the default: DIR/images/<modality folder>/<class>/<patient>/"
                + "<series>/<stem>.png, 8-bit or --bits 16, windowed by --window; PET in SUV when its headers allow, else its "
                + "values as they are, with a warning) and one COCO file per part of --split (train.json, val.json, test.json, "
                + "holding exactly that part's patients) or coco.json. Every image is an entry, those without lesions too; "
                + "file_name is relative to DIR/images (with --images none: the DICOM path relative to lung_cancer/).",
                "Annotations: COCO [x, y, w, h] boxes, area, iscrowd 0 and segmentation: polygons from the guideline JSON, "
                        + "or with --segmentation rle pycocotools' compressed RLE from the binary masks (exact, holes kept; one "
                        + "annotation per connected part). Category ids: COCO id = modality offset + guideline id, offsets XRY 100, "
                        + "CCT 200, PCT 300 and 1000, 1100, … for plugin modalities in code order; supercategory = modality code, "
                        + "name = English name. Image ids are those of an export of the whole tree (as pulmo evaluate numbers).",
                "Windows: lung (-600/1500 HU) and mediastinum (40/400 HU) apply to CT; other images, and every image with "
                        + "auto, get the header's window, else lung for CT, SUV 0-10 for PET in SUV, else the image's range; C,W "
                        + "applies to every image in its units.",
                "Streamed, parallel, in the tree's order; every file written atomically."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:exported", "1:some files could not be read (left out, see findings)", "2:usage or I/O failure"})
final class ExportCocoCommand implements Callable<Integer> {

    /** Image formats as typed on the command line. */
    enum Images { png, none }

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    @Mixin
    OutOption outOption = OutOption.of("DIR", "The folder to write (created).").required();

    @Option(names = "--images", paramLabel = "<format>", defaultValue = "png", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Images images;

    @Option(names = "--window", paramLabel = "lung|mediastinum|auto|C,W", defaultValue = "lung",
            description = "The window of the PNG images (default: ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--bits", paramLabel = "8|16", defaultValue = "8", description = "Bits per PNG sample (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--split", paramLabel = "SPLIT.csv", description = "A split manifest (pulmo split): one COCO file per part.")
    Path split;

    @Option(names = "--modality", paramLabel = "CODE", arity = "1..*", description = "Only these modalities (e.g. CCT XRY).")
    List<String> modalities = new ArrayList<>();

    @Option(names = "--segmentation", paramLabel = "<kind>", defaultValue = "polygons",
            description = "polygons or rle (default: ${DEFAULT-VALUE}).")
    CocoSegmentation segmentation;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Override
    public Integer call() {
        dataset.check();
        Path out = dataset.outsideTheLayout("--out", outOption.folder());
        PrintWriter err = spec.commandLine().getErr();
        if (bits != 8 && bits != 16) {
            err.println("pulmo export-coco: --bits " + bits + ": expected 8 or 16");
            return ExitCodes.USAGE_OR_IO;
        }
        if (split != null && !Files.isRegularFile(split)) {
            err.println("pulmo export-coco: --split " + TerminalText.escape(split.toString()) + ": no such file");
            return ExitCodes.USAGE_OR_IO;
        }
        CocoDirectoryExport.Windowing windowing;
        try {
            windowing = CocoDirectoryExport.Windowing.parse(window);
        } catch (IllegalArgumentException e) {
            err.println("pulmo export-coco: --window " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
        FindingsReport report = null;
        CocoDirectoryExport.Summary s;
        try (PluginRegistry registry = dataset.plugins.open()) {
            // the shared check: any case, the loaded codes listed when unknown; before any output
            Set<String> codes = new java.util.LinkedHashSet<>();
            for (String m : modalities) {
                codes.add(InputChecks.modality(spec.commandLine(), "--modality", m, registry.catalog()));
            }
            report = FindingsReport.open(format.findings(), spec.commandLine().getOut());
            CocoDirectoryExport.Options options = new CocoDirectoryExport.Options(
                    images == Images.png ? CocoDirectoryExport.Images.PNG : CocoDirectoryExport.Images.NONE, windowing, bits,
                    Optional.ofNullable(split), Set.copyOf(codes),
                    segmentation.kind(),
                    dataset.threads());
            DatasetLayout layout = dataset.layout(registry);
            Progress progress = new Progress(err, "export-coco", "images", Progress.images(layout));
            s = CocoDirectoryExport.export(layout, out, options, report, () -> progress.step(true));
            progress.finish();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            if (report != null) {
                report.finish(0);
            }
            err.println("pulmo export-coco: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
        PrintWriter o = spec.commandLine().getOut();
        if (format.findings() == FindingsReport.Format.text && s.failure().isEmpty()) {
            s.imagesPerFile().forEach((file, n) -> o.println(out.resolve(file) + ": " + n + " images"));
            o.println(s.annotations() + " annotations (" + (segmentation.kind() == CocoExport.SegmentationKind.RLE ? "rle" : "polygons") + "), " + s.pngs()
                    + " PNG images");
        }
        report.finish(s.imagesPerFile().values().stream().mapToLong(Long::longValue).sum());
        if (s.failure().isPresent()) {
            err.println("pulmo export-coco: stopped before the end of the tree, no COCO file written: " + s.failure().get().message());
            return ExitCodes.USAGE_OR_IO;
        }
        return s.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}

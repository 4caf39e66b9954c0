package dev.pulmo.cli;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.Nodules;
import dev.pulmo.runtime.PluginRegistry;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pulmo nodules}: a tree's CT and PET-CT lesions grouped into 3-D nodules. */
@Command(name = "nodules",
        header = "Group each CT/PET-CT series' per-slice lesions into 3-D nodules, with their measures.",
        description = {"Per series and category, the lesions' pixels (binary masks, or the JSON's rings where an image has "
                + "none) are stacked in order along the slice normal, an empty slice at each gap, and labelled 26-connected. "
                + "Each nodule: series (folder relative to lung_cancer/), category_id, first_image and last_image (sequence "
                + "numbers), voxels, volume_mm3, long_axis_mm and short_axis_mm (on the axial slice where the long axis is "
                + "greatest, as Lung-RADS and Fleischner measure), centroid_lps ([x, y, z] in patient coordinates, mm).",
                "Findings go to standard error: series whose slices make no volume (nodule.geometry), and malignant nodules "
                        + "whose long axis is below the modality's minimum (nodule.too-small, SPEC.md §6: 4 mm)."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no errors", "1:errors in the data (findings)", "2:usage or I/O failure"})
final class NodulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    @Mixin
    FormatOption format = FormatOption.of(OutputFormat.csv, OutputFormat.json);

    @Mixin
    OutOption outOption = OutOption.of("FILE", "Write to FILE (atomically) instead of standard output.");

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        dataset.check();
        Path out = dataset.outsideTheLayout("--out", outOption.file());
        FindingsReport report = FindingsReport.open(FindingsReport.Format.text, err);
        Nodules.Format f = format.is(OutputFormat.json) ? Nodules.Format.JSON : Nodules.Format.CSV;
        AtomicReference<Nodules.Summary> summary = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong images = new java.util.concurrent.atomic.AtomicLong(); // the DICOM files read
        try (PluginRegistry registry = dataset.plugins.open()) {
            DatasetLayout layout = dataset.layout(registry);
            int threads = dataset.threads();
            Progress progress = new Progress(err, "nodules", "images", Progress.images(layout));
            Runnable onImage = () -> {
                images.incrementAndGet();
                progress.step(true);
            };
            if (out == null) {
                summary.set(Nodules.write(layout, threads, f, spec.commandLine().getOut(), report, onImage));
            } else {
                try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
                    batch.write(out, stream -> {
                        Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                        summary.set(Nodules.write(layout, threads, f, w, report, onImage));
                        w.flush();
                    });
                    if (summary.get().failure().isEmpty()) {
                        batch.commit();
                    }
                }
            }
            progress.finish();
        } catch (UncheckedIOException e) {
            report.finish(0);
            err.println("pulmo nodules: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        Nodules.Summary s = summary.get();
        report.finish(images.get());
        if (s.failure().isPresent()) {
            err.println("pulmo nodules: stopped before the end of the tree" + (out != null ? ", nothing written: " : ": ")
                    + s.failure().get().message());
            return ExitCodes.USAGE_OR_IO;
        }
        return s.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}

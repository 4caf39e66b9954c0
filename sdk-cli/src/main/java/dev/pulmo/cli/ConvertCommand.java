package dev.pulmo.cli;

import dev.pulmo.api.Info;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulmo convert}: the main job, a dataset's binary masks into the guideline JSON. */
@Command(name = "convert",
        header = "Convert a dataset's binary masks into guideline JSON.",
        description = {"For every image of the tree that has binary masks, reads the image's DICOM header (no pixels) "
                + "and its masks, applies its modality plugin's export rule (boxes or polygons), and writes the "
                + "guideline JSON to the series' json/ folder, atomically. Runs in parallel with bounded memory. A re-run "
                + "skips images whose JSON is up to date and valid, unless --force."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every image converted or up to date", "1:some images could not be converted", "2:usage or I/O failure"})
final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--force", description = "Convert again even where the JSON is up to date.")
    boolean force;

    @Option(names = "--toolname", paramLabel = "<name>", defaultValue = "pulmo", description = "The annotations' toolname (default: ${DEFAULT-VALUE}).")
    String toolname;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Override
    public Integer call() {
        dataset.check();
        try (PluginRegistry registry = dataset.plugins.open()) {
            return run(dataset.layout(registry), dataset.threads(), spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    /** Converts and prints the findings as they come, then the summary; shared with {@code pulmo demo}. */
    int run(DatasetLayout layout, int threads, PrintWriter out, PrintWriter err) {
        DatasetConverter.Options defaults = DatasetConverter.Options.defaults();
        DatasetConverter.Options options = new DatasetConverter.Options(threads, force,
                new Info(defaults.info().description(), defaults.info().version(), defaults.info().contributor(), ""),
                toolname == null ? "pulmo" : toolname);
        Progress progress = new Progress(err, "convert", "images with masks", Progress.imagesWithMasks(layout));
        FindingsReport report = FindingsReport.open(format.findings(), out);
        DatasetConverter.Summary s = new DatasetConverter(layout, options)
                .convert((image, outcome) -> progress.step(outcome != DatasetConverter.Outcome.FAILED), report);
        progress.finish();
        TreeReports.convert(report, format.findings(), out, layout.root().toString(), s);
        return TreeReports.convertStatus(s, err);
    }
}

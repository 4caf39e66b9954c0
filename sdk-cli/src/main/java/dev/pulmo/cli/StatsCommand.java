package dev.pulmo.cli;

import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.StatisticsCharts;
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

/** {@code pulmo stats}: a dataset's counts against the guideline's targets. */
@Command(name = "stats",
        header = "Count patients, images, lesions and 3-D nodules of a dataset against the guideline's targets.",
        description = {"Walks the tree once and counts, per modality and class, patients, images, lesions (annotations "
                + "of the guideline JSON files) and nodules (CT/PET-CT lesions grouped in 3-D as by pulmo nodules) beside the "
                + "guideline's targets (SPEC.md §9; plugin modalities have none), lesions per category, the lesions' sizes "
                + "(longer side of the box) in pixels and, with the image's PixelSpacing or ImagerPixelSpacing, in mm, and the "
                + "nodules' long axes in mm. A malignant nodule whose long axis is below the modality's minimum (4 mm, SPEC.md "
                + "§6) is an error (nodule.too-small). Memory does not grow with the dataset.",
                "--charts writes " + StatisticsCharts.IMAGES_CHART + " (with the targets as marks), "
                        + StatisticsCharts.CATEGORIES_CHART + " and " + StatisticsCharts.SIZES_CHART
                        + " (per modality, with the guideline's 4 mm line)."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:counted", "1:errors found: files that could not be counted, nodules below the minimum (findings)",
                "2:usage or I/O failure"})
final class StatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Option(names = "--charts", paramLabel = "DIR", description = "Also write PNG charts into this folder.")
    Path charts;

    @Override
    public Integer call() {
        dataset.check();
        PrintWriter out = spec.commandLine().getOut();
        FindingsReport findings = FindingsReport.open(format.findings(), out);
        DatasetStatistics.Report report;
        try (PluginRegistry registry = dataset.plugins.open()) {
            DatasetLayout layout = dataset.layout(registry);
            Progress progress = new Progress(spec.commandLine().getErr(), "stats", "images", Progress.images(layout));
            report = DatasetStatistics.collect(layout, dataset.threads(), findings, () -> progress.step(true));
            progress.finish();
        }
        if (report.failure().isEmpty() && charts != null) {
            try {
                StatisticsCharts.write(report, charts);
            } catch (UncheckedIOException e) {
                findings.finish(report.jsonFiles());
                spec.commandLine().getErr().println("pulmo stats: cannot write the charts to " + charts + ": " + e.getMessage());
                return ExitCodes.USAGE_OR_IO;
            }
        }
        TreeReports.stats(findings, format.findings(), out, report);
        return TreeReports.statsStatus(report, spec.commandLine().getErr());
    }
}

package dev.pulmo.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.GuidelineTargets;
import dev.pulmo.dataset.SizeHistogram;
import dev.pulmo.dataset.StatisticsCharts;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulmo stats}: a dataset's counts against the guideline's targets. */
@Command(name = "stats",
        header = "Count patients, images and lesions of a dataset against the guideline's targets.",
        description = {"Walks the tree once and counts, per modality and class, patients, images and lesions (annotations "
                + "of the guideline JSON files) beside the guideline's targets (SPEC.md §9; plugin modalities have none), "
                + "lesions per category, and the lesions' sizes (longer side of the box) in pixels and, with the image's "
                + "PixelSpacing or ImagerPixelSpacing, in mm. Memory does not grow with the dataset.",
                "--charts writes " + StatisticsCharts.IMAGES_CHART + " and " + StatisticsCharts.SIZES_CHART + "."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:counted", "1:some files could not be counted (findings)", "2:usage or I/O failure"})
final class StatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text", description = "Output as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FindingsReport.Format format;

    @Option(names = "--charts", paramLabel = "DIR", description = "Also write PNG charts into this folder.")
    Path charts;

    @Override
    public Integer call() {
        dataset.check();
        PrintWriter out = spec.commandLine().getOut();
        FindingsReport findings = FindingsReport.open(format, out);
        DatasetStatistics.Report report;
        try (PluginRegistry registry = dataset.plugins.open()) {
            report = DatasetStatistics.collect(dataset.layout(registry), dataset.threads(), findings);
        }
        if (report.failure().isPresent()) {
            findings.finish(report.jsonFiles());
            spec.commandLine().getErr().println("pulmo stats: stopped before the end of the tree: " + report.failure().get().message());
            return ExitCodes.USAGE_OR_IO;
        }
        if (charts != null) {
            try {
                StatisticsCharts.write(report, charts);
            } catch (UncheckedIOException e) {
                findings.finish(report.jsonFiles());
                spec.commandLine().getErr().println("pulmo stats: cannot write the charts to " + charts + ": " + e.getMessage());
                return ExitCodes.USAGE_OR_IO;
            }
        }
        if (format == FindingsReport.Format.json) {
            findings.finishFindings(report.jsonFiles());
            printJson(report, findings.json());
            findings.close();
        } else {
            printText(report, out);
            findings.finish(report.jsonFiles());
        }
        out.flush();
        return report.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    static void printText(DatasetStatistics.Report r, PrintWriter out) {
        out.printf(Locale.ROOT, "%-8s %-10s %10s %10s %12s %12s %10s%n", "modality", "class", "patients", "target", "images", "target", "lesions");
        for (DatasetStatistics.ClassCounts c : r.classes()) {
            out.printf(Locale.ROOT, "%-8s %-10s %,10d %10s %,12d %12s %,10d%n", c.modality(), c.caseClass().folderName(), c.patients(),
                    c.target().map(t -> String.format(Locale.ROOT, "%,d", t.patients())).orElse("-"), c.images(),
                    c.target().map(t -> String.format(Locale.ROOT, "%,d", t.images())).orElse("-"), c.lesions());
        }
        out.println();
        out.printf(Locale.ROOT, "%-8s %4s %-24s %10s%n", "modality", "id", "category", "lesions");
        for (DatasetStatistics.CategoryCounts c : r.categories()) {
            out.printf(Locale.ROOT, "%-8s %4d %-24s %,10d%n", c.modality(), c.categoryId(), c.englishName(), c.lesions());
        }
        out.println();
        histogram("lesion size, pixels (longer side of the box)", "px", r.sizePixels(), out);
        histogram("lesion size, mm (" + r.lesionsWithoutSpacing() + " lesions without pixel spacing left out)", "mm", r.sizeMm(), out);
    }

    private static void histogram(String title, String unit, SizeHistogram h, PrintWriter out) {
        out.println(title + ":");
        long[] counts = h.counts();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.printf(Locale.ROOT, "  %5.0f-%-5.0f %s %,8d%n", i * h.binWidth(), (i + 1) * h.binWidth(), unit, counts[i]);
            }
        }
        if (h.overflow() > 0) {
            out.printf(Locale.ROOT, "  >=%-8.0f %s %,8d%n", counts.length * h.binWidth(), unit, h.overflow());
        }
    }

    /** The statistics as members of the findings report's JSON object, after its findings and summary. */
    private static void printJson(DatasetStatistics.Report r, JsonGenerator g) {
        try {
            g.writeArrayFieldStart("classes");
            for (DatasetStatistics.ClassCounts c : r.classes()) {
                g.writeStartObject();
                g.writeStringField("modality", c.modality());
                g.writeStringField("class", c.caseClass().folderName());
                g.writeNumberField("patients", c.patients());
                g.writeNumberField("images", c.images());
                g.writeNumberField("lesions", c.lesions());
                if (c.target().isPresent()) {
                    GuidelineTargets.Target t = c.target().get();
                    g.writeObjectFieldStart("target");
                    g.writeNumberField("patients", t.patients());
                    g.writeNumberField("images", t.images());
                    g.writeEndObject();
                } else {
                    g.writeNullField("target");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("categories");
            for (DatasetStatistics.CategoryCounts c : r.categories()) {
                g.writeStartObject();
                g.writeStringField("modality", c.modality());
                g.writeNumberField("id", c.categoryId());
                g.writeStringField("name", c.englishName());
                g.writeNumberField("lesions", c.lesions());
                g.writeEndObject();
            }
            g.writeEndArray();
            histogram(g, "lesionSizePixels", r.sizePixels());
            histogram(g, "lesionSizeMm", r.sizeMm());
            g.writeNumberField("lesionsWithoutSpacing", r.lesionsWithoutSpacing());
            g.writeNumberField("jsonFiles", r.jsonFiles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void histogram(JsonGenerator g, String name, SizeHistogram h) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("binWidth", h.binWidth());
        g.writeArrayFieldStart("counts");
        for (long c : h.counts()) {
            g.writeNumber(c);
        }
        g.writeEndArray();
        g.writeNumberField("overflow", h.overflow());
        g.writeEndObject();
    }
}

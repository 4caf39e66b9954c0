package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.ValidationHtmlReport;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo validate}: the guideline's first check over a whole dataset tree. */
@Command(name = "validate",
        header = "Check a dataset tree (the guideline's first check, and more).",
        description = {"Checks the layout and file names; that every annotated image has its JSON and masks and every "
                + "JSON and mask its image, and that normal cases have none; the JSON rules (as check-json); that JSON, "
                + "image header and masks agree (size, modality, ids, device, categories, each lesion's box within one "
                + "pixel); the modality plugins' acquisition rules; and residual patient information in the headers. "
                + "Reads only: nothing in the tree is modified."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no errors (warnings allowed)", "1:errors found", "2:usage or I/O failure"})
final class ValidateCommand implements Callable<Integer> {

    /** Output formats of validate: the shared ones plus a report for people. */
    enum Format { text, json, html }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROOT", description = "The dataset: its lung_cancer folder or a folder containing it.")
    Path root;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE (atomically) instead of standard output.")
    Path out;

    @Option(names = "--threads", paramLabel = "<n>", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--clinical", paramLabel = "SHEET", description = "Also check a clinical sheet (.xlsx, .xls or .csv) against the tree.")
    Path clinical;

    @Option(names = "--clinical-modality", paramLabel = "<code>", description = "The modality the sheet is for (the guideline keeps one sheet per modality), e.g. CCT.")
    String clinicalModality;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        if (!Files.isDirectory(root)) {
            spec.commandLine().getErr().println("pulmo validate: " + root + ": no such folder");
            return ExitCodes.USAGE_OR_IO;
        }
        if (threads != null && threads < 1) {
            spec.commandLine().getErr().println("pulmo validate: --threads must be at least 1");
            return ExitCodes.USAGE_OR_IO;
        }
        try (PluginRegistry registry = plugins.open()) {
            DatasetLayout layout = DatasetLayout.of(root, registry.catalog());
            Progress progress = new Progress(spec.commandLine().getErr(), "validate");
            DatasetValidator.Report report = new DatasetValidator(layout,
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads).validate(() -> progress.step(true));
            progress.finish();
            List<Finding> findings = new ArrayList<>(report.findings());
            if (clinical != null) {
                findings.addAll(ClinicalValidation.check(layout, clinical, SheetColumns.defaults(), Optional.ofNullable(clinicalModality)));
            }
            StringWriter text = new StringWriter();
            PrintWriter w = new PrintWriter(text);
            if (format == Format.html) {
                w.print(ValidationHtmlReport.render(new DatasetValidator.Report(findings, report.series(), report.images(),
                        report.jsonFiles(), report.masks()), layout));
            } else {
                if (format == Format.text) {
                    w.printf(Locale.ROOT, "%s: %d series, %d images, %d JSON files, %d masks%n", layout.root(), report.series(),
                            report.images(), report.jsonFiles(), report.masks());
                }
                FindingsReport.print(findings, (int) (report.images() + report.jsonFiles() + report.masks()),
                        format == Format.json ? FindingsReport.Format.json : FindingsReport.Format.text, w);
            }
            w.flush();
            if (out != null) {
                AtomicFiles.write(out, text.toString().getBytes(StandardCharsets.UTF_8));
                spec.commandLine().getOut().println("wrote " + out + ": " + report.errors() + " errors");
            } else {
                spec.commandLine().getOut().print(text);
            }
            spec.commandLine().getOut().flush();
            return FindingsReport.exitCode(findings);
        }
    }
}

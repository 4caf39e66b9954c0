package dev.pulmo.cli;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dataset.ClinicalTreeCheck;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.dataset.ValidationHtmlReport;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset;

    /** Output formats of validate: the findings' ones plus a report for people. */
    @Mixin
    FormatOption format = FormatOption.of(OutputFormat.text, OutputFormat.json, OutputFormat.html);

    @Mixin
    OutOption outOption = OutOption.of("FILE", "Write the report to FILE (atomically) instead of standard output.");

    @Option(names = "--clinical", paramLabel = "SHEET", description = "Also check a clinical sheet (.xlsx, .xls or .csv) against the tree.")
    Path clinical;

    @Option(names = "--clinical-modality", paramLabel = "<code>", description = "The modality the sheet is for (the guideline keeps one sheet per modality), e.g. CCT.")
    String clinicalModality;

    @Override
    public Integer call() {
        dataset.check();
        Path out = dataset.outsideTheLayout("--out", outOption.file());
        if (clinical != null) {
            InputChecks.file(spec.commandLine(), "--clinical", clinical, "a clinical sheet: .xlsx, .xls or .csv");
        }
        try (PluginRegistry registry = dataset.plugins.open()) {
            DatasetLayout layout = dataset.layout(registry);
            DatasetValidator validator = new DatasetValidator(layout, dataset.threads());
            if (clinical != null) {
                validator = validator.withPatients(Optional.ofNullable(clinicalModality)
                        .map(m -> InputChecks.modality(spec.commandLine(), "--clinical-modality", m, registry.catalog())));
            }
            DatasetValidator chosen = validator;
            long[] errors = {0};
            java.util.function.ToIntFunction<PrintWriter> body = w -> format.is(OutputFormat.html)
                    ? html(chosen, layout, w, errors) : findings(chosen, layout, w, errors);
            int status;
            if (out != null) {
                int[] written = {ExitCodes.OK};
                AtomicFiles.write(out, stream -> {
                    PrintWriter w = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                    written[0] = body.applyAsInt(w);
                    w.flush();
                });
                status = written[0];
                spec.commandLine().getOut().println("wrote " + out + ": " + errors[0] + " errors");
            } else {
                status = body.applyAsInt(spec.commandLine().getOut());
            }
            spec.commandLine().getOut().flush();
            return status;
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println("pulmo validate: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
    }
    /** Text or JSON findings, written as they come. */
    private int findings(DatasetValidator validator, DatasetLayout layout, PrintWriter w, long[] errors) {
        FindingsReport report = FindingsReport.open(format.findings(), w);
        Progress progress = new Progress(spec.commandLine().getErr(), "validate", "images", Progress.images(layout));
        DatasetValidator.Report r = validator.validate(() -> progress.step(true), report);
        progress.finish();
        if (clinical != null) {
            ClinicalTreeCheck.check(clinical, SheetColumns.defaults(), r.patients()).forEach(report::accept);
        }
        TreeReports.validate(report, format.findings(), w,
                layout.root().toString(), r);
        errors[0] = report.errors();
        return failed(r).orElse(report.exitCode());
    }

    /** The HTML report, built from a spill of the findings. */
    private int html(DatasetValidator validator, DatasetLayout layout, PrintWriter w, long[] errors) {
        try (ValidationHtmlReport.Spill spill = ValidationHtmlReport.spill()) {
            FindingSink.Counts counts = new FindingSink.Counts();
            FindingSink sink = spill.and(counts);
            Progress progress = new Progress(spec.commandLine().getErr(), "validate", "images", Progress.images(layout));
            DatasetValidator.Report r = validator.validate(() -> progress.step(true), sink);
            progress.finish();
            if (clinical != null) {
                ClinicalTreeCheck.check(clinical, SheetColumns.defaults(), r.patients()).forEach(sink::accept);
            }
            spill.render(r, layout, w);
            errors[0] = counts.errors();
            return failed(r).orElse(counts.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK);
        }
    }

    /** Exit status 2 with a message when the run stopped before the end of the tree. */
    private Optional<Integer> failed(DatasetValidator.Report r) {
        if (r.failure().isEmpty()) {
            return Optional.empty();
        }
        spec.commandLine().getErr().println("pulmo validate: stopped before the end of the tree: " + r.failure().get().message());
        spec.commandLine().getErr().flush();
        return Optional.of(ExitCodes.USAGE_OR_IO);
    }
}

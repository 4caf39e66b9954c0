package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dataset.ClinicalTreeCheck;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.runtime.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo check-clinical}: the clinical sheet against the dataset tree ({@link ClinicalTreeCheck}). */
@Command(name = "check-clinical",
        header = "Check a clinical sheet (.xlsx, .xls, .csv) against a dataset tree.",
        description = {"Reads the per-modality clinical sheet (SPEC.md §5: de-identified patient id, age, sex, pathology, "
                + "smoking; Korean or English headers) and reports faulty cells, columns that identify a person, patients "
                + "of the tree without a row, rows without a patient, malignant patients without pathology, and age or sex "
                + "that disagree with the DICOM header of the patient's first image."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no errors", "1:errors in the sheet", "2:usage or I/O failure"})
final class CheckClinicalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHEET", description = "The clinical sheet.")
    Path sheet;

    @Option(names = "--tree", paramLabel = "ROOT", required = true,
            description = "The dataset: its lung_cancer folder or a folder containing it.")
    Path tree;

    @Option(names = "--modality", paramLabel = "<code>", description = "Only this modality's patients (e.g. CCT): the guideline keeps one sheet per modality.")
    String modality;

    @Mixin
    PluginOptions plugins;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text", description = "Findings as ${COMPLETION-CANDIDATES}.")
    FindingsReport.Format format;

    @Override
    public Integer call() {
        if (!Files.isDirectory(tree)) {
            spec.commandLine().getErr().println("pulmo check-clinical: --tree " + tree + ": no such folder");
            return ExitCodes.USAGE_OR_IO;
        }
        List<Finding> findings;
        try (PluginRegistry registry = plugins.open()) {
            if (modality != null && registry.catalog().find(modality).isEmpty()) {
                spec.commandLine().getErr().println("pulmo check-clinical: --modality " + modality + " is not a loaded modality");
                return ExitCodes.USAGE_OR_IO;
            }
            findings = ClinicalTreeCheck.check(DatasetLayout.of(tree, registry.catalog()), sheet, SheetColumns.defaults(),
                    Optional.ofNullable(modality));
        }
        FindingsReport.print(findings, 1, format, spec.commandLine().getOut());
        return FindingsReport.exitCode(findings);
    }
}

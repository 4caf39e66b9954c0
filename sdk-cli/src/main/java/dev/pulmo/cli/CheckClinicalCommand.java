package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.clinical.ClinicalField;
import dev.pulmo.clinical.ClinicalSheetCheck;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dataset.ClinicalTreeCheck;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.runtime.PluginRegistry;
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

    @Mixin
    FormatOption format = FormatOption.forFindings();

    /**
     * The help's list of the column headers the sheet may use, from the reader's own table ({@link SheetColumns}), so
     * that help and reader cannot disagree; added to the usage when the command line is built.
     */
    static void describeColumns(CommandSpec spec) {
        SheetColumns columns = SheetColumns.defaults();
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Column headers (Korean or English; case, spaces and underscores do not matter):");
        for (ClinicalField field : ClinicalField.values()) {
            lines.add(String.format(Locale.ROOT, "  %-11s %s", field.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    String.join(", ", columns.headers().getOrDefault(field, List.of()))));
        }
        lines.add("Columns that identify a person are errors: " + String.join(", ", columns.identifyingHeaders()) + ".");
        lines.add("Ages: with an age date column, the sheet's age must be one the header's age on its Study Date allows on"
                + " that date (exact when the dates allow); without, it may differ from the header's by "
                + ClinicalSheetCheck.AGE_TOLERANCE_FROM_DATES_YEARS + " year (a birthday between two dates less than a year apart).");
        spec.usageMessage().footer(lines.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        InputChecks.file(spec.commandLine(), "SHEET", sheet, "a clinical sheet: .xlsx, .xls or .csv");
        RootOption.check(spec.commandLine(), "--tree", tree);
        List<Finding> findings;
        try (PluginRegistry registry = plugins.open()) {
            Optional<String> code = Optional.ofNullable(modality)
                    .map(m -> InputChecks.modality(spec.commandLine(), "--modality", m, registry.catalog()));
            findings = ClinicalTreeCheck.check(DatasetLayout.of(tree, registry.catalog()), sheet, SheetColumns.defaults(), code);
        }
        FindingsReport.print(findings, 1, format.findings(), spec.commandLine().getOut());
        return FindingsReport.exitCode(findings);
    }
}

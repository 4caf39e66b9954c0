package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.api.Finding;
import dev.pulmo.clinical.ClinicalSheet;
import dev.pulmo.clinical.ClinicalSheetReader;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.PatientSplit;
import dev.pulmo.dataset.SplitManifest;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo split}: the guideline's patient-level train/test/validation split, and its leakage check. */
@Command(name = "split",
        header = "Split a dataset by patient into train, test and validation.",
        description = {"Assigns every patient to one part (8:1:1 by default, SPEC.md §9), stratified by modality "
                + "and class, so that one patient's images are in the same part in every modality. Deterministic for "
                + "a seed; with --stratify COLUMN --clinical SHEET also by a column of the clinical sheet. Writes a CSV manifest (split,modality,class,patient_id,series,seq,dicom) and checks it.",
                "With --check, reads a manifest and reports every patient found in more than one part."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:split written / no leakage", "1:leakage or layout errors found", "2:usage or I/O failure"})
final class SplitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Parameters(paramLabel = "ROOT", description = "The dataset: its lung_cancer folder or a folder containing it.")
        Path root;

        @Option(names = "--check", paramLabel = "MANIFEST", description = "Check an existing manifest for leakage.")
        Path manifest;
    }

    @Option(names = "--ratios", paramLabel = "<train:test:validation>", defaultValue = "8:1:1",
            description = "Weights of the three parts (default: ${DEFAULT-VALUE}).")
    String ratios;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "20210503", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    OutOption outOption = OutOption.of("FILE", "Manifest to write (default: split.csv next to the lung_cancer folder).");

    @Option(names = "--stratify", paramLabel = "COLUMN",
            description = "Also stratify by this column of the --clinical sheet (e.g. smoking): patients are grouped by COLUMN=value too.")
    String stratify;

    @Option(names = "--clinical", paramLabel = "SHEET", description = "The clinical sheet (.xlsx, .xls, .csv) that --stratify reads.")
    Path clinical;

    @Mixin
    PluginOptions plugins;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (input.manifest != null) {
            List<Finding> findings = SplitManifest.check(input.manifest);
            FindingsReport.print(findings, 1, format.findings(), o);
            return FindingsReport.exitCode(findings);
        }
        PatientSplit.Ratios r;
        try {
            r = PatientSplit.Ratios.parse(ratios);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pulmo split: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
        List<Finding> findings = new ArrayList<>();
        Function<String, Optional<String>> extraStratum = patient -> Optional.empty();
        if ((stratify == null) != (clinical == null)) {
            spec.commandLine().getErr().println("pulmo split: --stratify and --clinical go together");
            return ExitCodes.USAGE_OR_IO;
        }
        if (stratify != null) {
            ClinicalSheet sheet = ClinicalSheetReader.withDefaults().read(clinical);
            if (sheet.headers().stream().noneMatch(h -> SheetColumns.normalize(h).equals(SheetColumns.normalize(stratify)))) {
                spec.commandLine().getErr().println("pulmo split: " + clinical + " has no column '" + stratify + "' (columns: "
                        + String.join(", ", sheet.headers()) + ")");
                return ExitCodes.USAGE_OR_IO;
            }
            findings.addAll(sheet.findings());
            // a patient without a value gets the stratum "COLUMN=", so the unknowns are split evenly too
            extraStratum = patient -> Optional.of(stratify + "=" + sheet.value(patient, stratify).orElse(""));
        }
        List<SplitManifest.Row> rows;
        Path manifest;
        try (PluginRegistry registry = plugins.open()) {
            DatasetLayout layout = DatasetLayout.of(RootOption.check(spec.commandLine(), "ROOT", input.root), registry.catalog());
            manifest = outOption.given() ? InputChecks.outsideTheLayout(spec.commandLine(), "--out", outOption.file(), layout.root())
                    : layout.root().toAbsolutePath().getParent().resolve("split.csv");
            rows = SplitManifest.write(layout, r, seed, extraStratum, manifest, findings);
        }
        findings.addAll(SplitManifest.check(manifest));
        Map<PatientSplit.Part, Integer> patients = SplitManifest.patientsPerPart(rows);
        if (format.findings() == FindingsReport.Format.text) {
            o.println("wrote " + manifest + ": " + rows.size() + " images of " + patients.values().stream().mapToInt(Integer::intValue).sum()
                    + " patients (ratios " + r + ", seed " + seed + ")");
            for (PatientSplit.Part p : PatientSplit.Part.values()) {
                o.printf("  %-10s %6d patients %8d images%n", p.label(), patients.getOrDefault(p, 0),
                        rows.stream().filter(x -> x.part() == p).count());
            }
        }
        FindingsReport.print(findings, rows.size(), format.findings(), o);
        return FindingsReport.exitCode(findings);
    }
}

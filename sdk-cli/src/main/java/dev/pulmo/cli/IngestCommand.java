package dev.pulmo.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.FileErrors;
import dev.pulmo.api.io.OutputPaths;
import dev.pulmo.api.io.TerminalText;
import dev.pulmo.clinical.ClinicalSheetException;
import dev.pulmo.dataset.deid.PatientIdMap;
import dev.pulmo.dataset.ingest.Ingest;
import dev.pulmo.dataset.ingest.IngestPlan;
import dev.pulmo.dicom.deid.DeidKey;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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

/** {@code pulmo ingest}: a PACS export into the guideline's dataset, de-identified, with the clinical sheet. */
@Command(name = "ingest",
        header = "Build the dataset from a PACS export: route, exclude, de-identify, lay out.",
        description = {"pulmo ingest SRC... --cases CASES --out TREE --map MAP: reads every file under SRC (any nesting "
                + "and names, a DICOMDIR or none; other files are reported and skipped), takes the series of the patients "
                + "and modalities the extraction list CASES names (CSV or .xlsx: hospital_id, class, modality, age, sex, "
                + "pathology, smoking, optionally study_date or accession_number; Korean headers too), routes each series "
                + "to its modality by the data (DX/CR -> x-ray, CT -> chest-ct, PET of a PET-CT study -> pet-ct: the "
                + "modality plugins' rules) and leaves out what the guideline's acquisition rules exclude (AP/lateral "
                + "X-ray, CT slices outside 2-10 mm, gaps, duplicate positions, scouts, screenshots, other body parts), "
                + "each with a reason. Taken series are de-identified as deid does (same profile and options) and "
                + "written atomically to TREE/lung_cancer/<folder>/<class>/<id>/<series>/dcm/ under managed ids from MAP "
                + "(and KEYFILE; both created on first use, keep them away from TREE), series numbered per patient, "
                + "images by position along the slice normal. TREE also gets clinical/<folder>.xlsx and .csv (managed "
                + "ids only) and ingest-report/exclusions.csv and .html.",
                "",
                "Idempotent and resumable: images already in TREE are not written again; an interrupted run leaves no "
                + "partial file and the next run finishes it. --dry-run prints the plan and writes nothing."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every case has images and nothing was excluded", "1:series excluded, cases without images, "
                + "or files that could not be de-identified", "2:usage or I/O failure"})
final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SRC", description = "Folders of the PACS export (read only).")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--cases", required = true, paramLabel = "CASES", description = "The extraction list (.csv or .xlsx).")
    Path cases;

    @Mixin
    OutOption outOption = OutOption.of("TREE", "The folder that holds (or will hold) lung_cancer/.").required();

    /** --out, checked. */
    private Path tree;

    @Option(names = "--map", required = true, paramLabel = "MAP", description = "Patient id mapping and secret key (JSON; created when missing).")
    Path map;

    @Option(names = "--key", paramLabel = "KEYFILE", description = "The project's secret key in a file of its own (created from MAP's key when missing; must match MAP's).")
    Path key;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--dry-run", description = "Print the plan (what goes where, what is left out and why); write nothing.")
    boolean dryRun;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Mixin
    DeidProfileOptions profile;

    private int newPatients;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        tree = outOption.folder();
        int workers = threads.count();
        try {
            checkPaths();
            DeidOptions options = profile.options();
            try (PluginRegistry registry = plugins.open()) {
                Ingest ingest = new Ingest(registry.catalog(), workers);
                Listener listener = new Listener(err);
                IngestPlan plan = ingest.plan(sources, cases, listener);
                listener.finish();
                if (dryRun) {
                    Optional<PatientIdMap> ids = Files.exists(map) ? Optional.of(PatientIdMap.open(map)) : Optional.empty();
                    if (key != null && Files.exists(key) && ids.isPresent()
                            && !ids.get().key().toBase64().equals(readKey(key).toBase64())) {
                        throw new IllegalArgumentException(map + ": the mapping holds another key than the key file " + key);
                    }
                    List<Ingest.Placement> placements = ingest.place(plan, tree, ids, false);
                    return report(plan, placements, plan.findings(), null, out);
                }
                PatientIdMap ids = openMap();
                ids.checkWritable();
                int patientsBefore = ids.size();
                List<Ingest.Placement> placements = ingest.place(plan, tree, Optional.of(ids), true);
                Ingest.Result result = ingest.write(plan, placements, tree, ids, options, listener);
                listener.finish();
                newPatients = ids.size() - patientsBefore;
                return report(plan, placements, result.findings(), result, out);
            }
        } catch (IllegalArgumentException | UncheckedIOException | ClinicalSheetException e) {
            err.println("pulmo ingest: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
    }

    /** MAP and KEYFILE outside TREE (they re-identify the patients); TREE and the sources apart. */
    private void checkPaths() {
        Path target = OutputPaths.realLocation(tree); // through links, as the writes go
        for (Path secret : key == null ? List.of(map) : List.of(map, key)) {
            if (OutputPaths.realLocation(secret).startsWith(target)) {
                throw new IllegalArgumentException(secret + " must not be inside TREE (" + tree + "): it re-identifies the patients");
            }
        }
        for (Path source : sources) {
            Path s = OutputPaths.realLocation(source);
            if (s.startsWith(target) || target.startsWith(s)) {
                throw new IllegalArgumentException("TREE (" + tree + ") and SRC (" + source + ") must not contain each other");
            }
        }
        if (!Files.isRegularFile(cases)) {
            throw new IllegalArgumentException(cases + ": " + (Files.exists(cases) ? FileErrors.NOT_REGULAR : "no such file"));
        }
    }

    private PatientIdMap openMap() {
        if (key == null) {
            return PatientIdMap.openOrCreate(map, profile.idPrefix());
        }
        if (Files.exists(key)) {
            return PatientIdMap.openOrCreate(map, profile.idPrefix(), readKey(key));
        }
        PatientIdMap ids = PatientIdMap.openOrCreate(map, profile.idPrefix());
        byte[] keyFile = (ids.key().toBase64() + "\n").getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.writeOwnerOnly(key, out -> out.write(keyFile));
        return ids;
    }

    private static DeidKey readKey(Path file) {
        try {
            return DeidKey.fromBase64(Files.readString(FileErrors.requireRegularFile(file), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file + ": " + FileErrors.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a key file (base64 of at least 16 bytes): " + e.getMessage(), e);
        }
    }

    private int report(IngestPlan plan, List<Ingest.Placement> placements, List<dev.pulmo.api.Finding> findings,
            Ingest.Result result, PrintWriter out) {
        FindingsReport report = FindingsReport.open(format.findings(), out);
        if (format.findings() == FindingsReport.Format.text) {
            for (Ingest.Placement p : placements) {
                out.println(TerminalText.escape((dryRun ? "plan: " : "took: ") + p.series().folder() + " ("
                        + p.series().images().size() + " files, " + p.series().theCase().describe() + ") -> "
                        + p.folder() + "/" + p.movedFrom().map(f -> " (the patient's folder moves from "
                        + tree.relativize(f) + "/, the list's class changed)").orElse("")));
            }
        }
        findings.forEach(report::accept);
        long images = placements.stream().mapToLong(p -> p.series().images().size()).sum();
        String summary = String.format(Locale.ROOT, "%d files read: %d series taken (%d images), %d left out, %d cases"
                        + " without images", plan.files(), placements.size(), images, plan.leftOut().size(),
                plan.casesWithoutImages().size())
                + (result == null ? "; dry run, nothing written" : String.format(Locale.ROOT,
                "; %d images written, %d already in place, %d series failed; %d new patients; reports in %s",
                result.written(), result.unchanged(), result.seriesFailed(), newPatients,
                tree.resolve(Ingest.REPORT_FOLDER)));
        if (format.findings() == FindingsReport.Format.text) {
            out.println("ingest: " + TerminalText.escape(summary));
            report.finish(plan.files());
        } else {
            report.finishFindings(plan.files());
            try {
                JsonGenerator g = report.json();
                g.writeObjectFieldStart("ingest");
                g.writeBooleanField("dry_run", result == null);
                g.writeNumberField("series_taken", placements.size());
                g.writeNumberField("images", images);
                g.writeNumberField("left_out", plan.leftOut().size());
                g.writeNumberField("cases_without_images", plan.casesWithoutImages().size());
                if (result != null) {
                    g.writeNumberField("written", result.written());
                    g.writeNumberField("unchanged", result.unchanged());
                    g.writeNumberField("series_failed", result.seriesFailed());
                    g.writeNumberField("new_patients", newPatients);
                }
                g.writeArrayFieldStart("plan");
                for (Ingest.Placement p : placements) {
                    g.writeStartObject();
                    g.writeStringField("source", p.series().folder());
                    g.writeStringField("case", p.series().theCase().describe());
                    g.writeStringField("target", p.folder());
                    g.writeNumberField("images", p.series().images().size());
                    if (p.movedFrom().isPresent()) {
                        g.writeStringField("movedFrom", tree.relativize(p.movedFrom().get()).toString());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            report.close();
        }
        return report.exitCode();
    }

    /** Progress per phase, with totals and the time left. */
    private static final class Listener implements Ingest.Listener {
        private final PrintWriter err;
        private volatile Progress progress;

        Listener(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void phase(String name, long total) {
            finish();
            progress = new Progress(err, "ingest: " + name, name.equals("read") ? "files" : "images", () -> total);
        }

        @Override
        public void step() {
            Progress p = progress;
            if (p != null) {
                p.step(true);
            }
        }

        synchronized void finish() {
            if (progress != null) {
                progress.finish();
                progress = null;
            }
        }
    }
}

package dev.pulmo.dataset.ingest;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.BackgroundCommits;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.clinical.ClinicalSheetWriter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.dataset.SeriesKey;
import dev.pulmo.dataset.deid.PatientFileDeidentifier;
import dev.pulmo.dataset.deid.PatientIdMap;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.deid.DeidException;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.DeidResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code pulmo ingest}: from a PACS export to the guideline's dataset (SPEC.md §2, §6–8; guideline 2.1 steps 1–2,
 * 2.3.2, 2.5.3.1). {@link #plan} reads the extraction list and the export's headers and plans with
 * {@link IngestPlanner}; {@link #place} gives every taken series its patient's managed id and a series number;
 * {@link #write} de-identifies and writes the images, the clinical sheets and the exclusion report into TREE:
 * <pre>
 * TREE/lung_cancer/&lt;folder&gt;/&lt;class&gt;/&lt;id&gt;/&lt;series&gt;/dcm/&lt;prefix&gt;_&lt;id&gt;_&lt;series&gt;_&lt;seq&gt;.dcm
 * TREE/clinical/&lt;folder&gt;.xlsx, .csv        the clinical sheet per modality (de-identified id, age, sex, pathology, smoking)
 * TREE/ingest-report/exclusions.csv, .html  every series and file left out and why, every case without images
 * </pre>
 * <ul>
 *   <li>Managed ids come from the {@link PatientIdMap} (the same hospital id gets the same id in every run and
 *   modality); series are numbered per patient and modality, a series already in TREE keeping its number (found by
 *   its de-identified Series Instance UID) and new ones numbered after it, by study date, study, Series Number; images
 *   are numbered in {@link IngestPlanner}'s order, from 1.</li>
 *   <li>Each file is de-identified by {@link PatientFileDeidentifier} (the profile and options of {@code deid}, UIDs
 *   mapped with the project's key so references between objects resolve). A series is written as one
 *   {@link AtomicFiles.Batch}: a file that cannot be de-identified (burned-in text without a device rule, say) leaves
 *   the whole series out ({@value #WRITE_FAILED} or the de-identifier's code), never a series with a hole.</li>
 *   <li>Idempotent and resumable: an image whose file in TREE already holds its de-identified SOP Instance UID is not
 *   written again, so a second run changes nothing, a run over more sources adds only them, and a run after an
 *   interruption (which leaves only hidden temporary files, removed here) finishes the job. The sheets and reports are
 *   byte-stable: the same inputs give the same bytes. Sources are never modified.</li>
 * </ul>
 */
public final class Ingest {
    public static final String WRITE_FAILED = "ingest.write-failed";
    public static final String CLINICAL_FOLDER = DatasetLayout.CLINICAL_FOLDER;
    public static final String REPORT_FOLDER = DatasetLayout.INGEST_REPORT_FOLDER;

    /** Progress of a phase ({@code read} the headers, {@code write} the images). */
    public interface Listener {
        void phase(String name, long total);

        void step();

        Listener NONE = new Listener() {
            @Override public void phase(String name, long total) { }
            @Override public void step() { }
        };
    }

    /**
     * A taken series with its place in the dataset; {@code patientId} is empty in a dry run for a patient without one.
     * {@code movedFrom} is the patient's folder under another class of the modality, when an earlier run put the
     * patient there and the list now gives another class (a corrected list): the run moves that folder to the
     * list's class before writing, so the tree holds the patient once.
     */
    public record Placement(IngestPlan.TakenSeries series, Optional<String> patientId, String seriesNumber,
                            Optional<Path> movedFrom) {
        public Placement {
            Objects.requireNonNull(movedFrom, "movedFrom");
        }

        /** The series folder under TREE, e.g. {@code lung_cancer/chest-ct/malignant/P0A1B2C/2}. */
        public String folder() {
            return DatasetLayout.TOP_FOLDER + "/" + series.plugin().folderName() + "/" + series.theCase().caseClass().folderName()
                    + "/" + patientId.orElse("<new id>") + "/" + seriesNumber;
        }
    }

    /** What a run did. */
    public record Result(List<Placement> placements, List<Finding> findings, int written, int unchanged,
                         int seriesFailed, List<Path> outputs) {
        public Result {
            placements = List.copyOf(placements);
            findings = List.copyOf(findings);
            outputs = List.copyOf(outputs);
        }
    }

    private final ModalityCatalog catalog;
    private final int threads;

    /** @param threads worker threads for reading and writing, at least 1 */
    public Ingest(ModalityCatalog catalog, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.threads = threads;
    }

    /**
     * Reads the extraction list and the sources' headers, and plans.
     *
     * @throws IllegalArgumentException when a source does not exist
     * @throws dev.pulmo.clinical.ClinicalSheetException when the list is not a readable sheet
     */
    public IngestPlan plan(List<Path> sources, Path cases, Listener listener) {
        IngestCases.Result list = IngestCases.read(cases, catalog);
        IngestPlanner planner = new IngestPlanner(catalog);
        SourceScanner.Scan scan = SourceScanner.scan(sources, planner.attributes(), threads,
                total -> listener.phase("read", total), listener::step);
        IngestPlan plan = planner.plan(scan, list.cases());
        List<Finding> findings = new ArrayList<>(list.findings());
        findings.addAll(plan.findings());
        return new IngestPlan(plan.taken(), plan.leftOut(), plan.casesWithoutImages(), findings, plan.files());
    }

    /**
     * Gives each taken series its patient's managed id and its series number.
     *
     * @param tree   the folder that holds (or will hold) {@code lung_cancer}
     * @param map    the id mapping; empty in a dry run without a mapping file
     * @param assign true to give new patients an id (a run), false to look ids up only (a dry run)
     */
    public List<Placement> place(IngestPlan plan, Path tree, Optional<PatientIdMap> map, boolean assign) {
        DatasetLayout layout = new DatasetLayout(tree.resolve(DatasetLayout.TOP_FOLDER), catalog);
        Optional<UUID> namespace = map.map(m -> m.key().uidNamespace());
        Map<String, List<IngestPlan.TakenSeries>> byPatient = new LinkedHashMap<>();
        for (IngestPlan.TakenSeries s : plan.taken()) {
            byPatient.computeIfAbsent(s.plugin().modality().code() + "\u0000" + s.theCase().caseClass() + "\u0000"
                    + s.theCase().hospitalId(), k -> new ArrayList<>()).add(s);
        }
        // by identity: a taken series' record hash would cover every image's attributes
        Map<IngestPlan.TakenSeries, Placement> placed = new java.util.IdentityHashMap<>();
        for (List<IngestPlan.TakenSeries> group : byPatient.values()) {
            IngestPlan.TakenSeries first = group.get(0);
            String hospitalId = first.theCase().hospitalId();
            Optional<String> id = map.flatMap(m -> assign ? Optional.of(m.newIdFor(hospitalId)) : m.find(hospitalId));
            Optional<Path> movedFrom = id.flatMap(i -> underAnotherClass(layout, first, i));
            Map<String, Integer> existing = id.isPresent() && namespace.isPresent()
                    ? existingSeries(movedFrom.orElse(patientFolder(layout, first, id.get()))) : Map.of();
            int next = existing.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            List<IngestPlan.TakenSeries> sorted = new ArrayList<>(group);
            sorted.sort(Comparator.comparing(IngestPlan.TakenSeries::sortKey));
            for (IngestPlan.TakenSeries s : sorted) {
                Integer number = namespace.map(ns -> existing.get(Uids.fromName(ns, s.seriesUid()))).orElse(null);
                placed.put(s, new Placement(s, id, Integer.toString(number != null ? number : next++), movedFrom));
            }
        }
        return plan.taken().stream().map(placed::get).toList();
    }

    private static Path patientFolder(DatasetLayout layout, IngestPlan.TakenSeries s, String patientId) {
        return layout.root().resolve(s.plugin().folderName()).resolve(s.theCase().caseClass().folderName()).resolve(patientId);
    }

    /** The patient's folder under another class of the modality, when it is not under the list's class. */
    private static Optional<Path> underAnotherClass(DatasetLayout layout, IngestPlan.TakenSeries s, String patientId) {
        if (Files.isDirectory(patientFolder(layout, s, patientId))) {
            return Optional.empty();
        }
        for (dev.pulmo.api.plugin.CaseClass other : dev.pulmo.api.plugin.CaseClass.values()) {
            Path folder = layout.root().resolve(s.plugin().folderName()).resolve(other.folderName()).resolve(patientId);
            if (other != s.theCase().caseClass() && Files.isDirectory(folder)) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    /** Series number by de-identified Series Instance UID, of the patient's series already in the tree. */
    private Map<String, Integer> existingSeries(Path patientFolder) {
        Map<String, Integer> out = new HashMap<>();
        if (!Files.isDirectory(patientFolder)) {
            return out;
        }
        DicomReader reader = DicomReader.create().withStopBeforePixelData(true);
        try (Stream<Path> folders = Files.list(patientFolder)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                String name = folder.getFileName().toString();
                if (!name.matches("[1-9][0-9]{0,8}")) {
                    continue;
                }
                Path dcm = folder.resolve(DatasetLayout.DICOM_FOLDER);
                if (!Files.isDirectory(dcm)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(dcm)) {
                    Optional<Path> one = files.filter(f -> f.getFileName().toString().endsWith(".dcm")
                            && !AtomicFiles.isTemporary(f)).sorted().findFirst();
                    if (one.isPresent()) {
                        try {
                            reader.read(one.get()).dataset().getString(Tag.SeriesInstanceUID)
                                    .ifPresent(uid -> out.put(uid.strip(), Integer.parseInt(name)));
                        } catch (DicomException e) {
                            // an unreadable file: that number stays taken below, by the maximum
                            out.put("\u0000" + name, Integer.parseInt(name));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + patientFolder + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The outcome of one series' writing. */
    private record SeriesOutcome(int written, int unchanged, List<Finding> findings, boolean failed) {
    }

    /**
     * Writes the placed series, then the clinical sheets and the exclusion report, into {@code tree}; saves the map.
     *
     * @throws UncheckedIOException when a sheet or report cannot be written, or the map cannot be saved
     */
    public Result write(IngestPlan plan, List<Placement> placements, Path tree, PatientIdMap map, DeidOptions options,
            Listener listener) {
        DatasetLayout layout = new DatasetLayout(tree.resolve(DatasetLayout.TOP_FOLDER), catalog);
        PatientFileDeidentifier deid = new PatientFileDeidentifier(options, map);
        // patients whose class the list corrected: their folder (series, numbers, files) moves in one rename first
        for (Placement p : placements) {
            if (p.movedFrom().isPresent() && Files.isDirectory(p.movedFrom().get())) {
                AtomicFiles.moveFolder(p.movedFrom().get(), patientFolder(layout, p.series(), p.patientId().orElseThrow()));
            }
        }
        listener.phase("write", placements.stream().mapToLong(p -> p.series().images().size()).sum());
        List<SeriesOutcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("pulmo-ingest-write"));
        // a series' syncs wait for the disk: they run on their own threads while the workers stage the next series
        BackgroundCommits commits = new BackgroundCommits("pulmo-ingest-commit", COMMITTERS, threads + COMMITTERS);
        try {
            List<Future<CompletableFuture<SeriesOutcome>>> futures = new ArrayList<>();
            for (Placement p : placements) {
                futures.add(pool.submit(() -> writeSeries(p, layout, deid, map.key().uidNamespace(), listener, commits)));
            }
            for (Future<CompletableFuture<SeriesOutcome>> f : futures) {
                outcomes.add(f.get().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof ExecutionException inner ? inner.getCause() : e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
            commits.close();
            map.flush();
        }
        List<Finding> findings = new ArrayList<>(plan.findings());
        List<IngestPlan.LeftOut> failed = new ArrayList<>();
        int written = 0;
        int unchanged = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            SeriesOutcome o = outcomes.get(i);
            written += o.written();
            unchanged += o.unchanged();
            findings.addAll(o.findings());
            if (o.failed()) {
                IngestPlan.TakenSeries s = placements.get(i).series();
                failed.add(new IngestPlan.LeftOut(s.folder(), s.images().get(0).get("Modality"), s.images().size(),
                        Optional.of(s.theCase()), o.findings()));
            }
        }
        List<Path> outputs = new ArrayList<>(clinicalSheets(plan, layout, map, tree));
        outputs.addAll(IngestReport.write(tree.resolve(REPORT_FOLDER), plan, failed, map));
        return new Result(placements, findings, written, unchanged, failed.size(), outputs);
    }

    /** Series whose syncs run at once, beside the workers staging the next ones. */
    private static final int COMMITTERS = 4;

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stages a series' de-identified files in a batch on this worker, then hands the batch to {@code commits}: its
     * syncs and renames run while this worker goes on to the next series.
     */
    private CompletableFuture<SeriesOutcome> writeSeries(Placement p, DatasetLayout layout, PatientFileDeidentifier deid,
            UUID namespace, Listener listener, BackgroundCommits commits) throws InterruptedException {
        IngestPlan.TakenSeries s = p.series();
        String code = s.plugin().modality().code();
        String patientId = p.patientId().orElseThrow();
        List<Finding> findings = new ArrayList<>();
        Path dcmFolder = layout.seriesFolder(new SeriesKey(code, s.theCase().caseClass(), patientId, p.seriesNumber()))
                .resolve(DatasetLayout.DICOM_FOLDER);
        if (Files.isDirectory(dcmFolder)) {
            AtomicFiles.removeLeftovers(dcmFolder);
        }
        DicomReader headers = DicomReader.create().withStopBeforePixelData(true);
        DicomReader full = DicomReader.create();
        int written = 0;
        int unchanged = 0;
        SourceImage current = null;
        AtomicFiles.Batch batch = commits.batch();
        boolean handedOver = false;
        try {
            for (int i = 0; i < s.images().size(); i++) {
                current = s.images().get(i);
                Path target = layout.dicomFile(new ImageKey(code, s.theCase().caseClass(), patientId, p.seriesNumber(),
                        Integer.toString(i + 1)));
                String expected = Uids.fromName(namespace, current.get("SOPInstanceUID"));
                if (Files.isRegularFile(target) && sopInstance(headers, target).equals(Optional.of(expected))) {
                    unchanged++;
                    listener.step();
                    continue;
                }
                DicomFile dicom = full.read(current.file());
                DeidResult result = deid.deidentify(dicom, s.theCase().hospitalId());
                for (String note : result.audit().notes()) {
                    findings.add(Finding.warning("deid.burned-in.not-removed", Location.ofFile(current.file().toString()), note));
                }
                batch.writeChannel(target, result::writeTo); // Pixel Data copied file to file by the kernel
                written++;
                listener.step();
            }
            SeriesOutcome done = new SeriesOutcome(written, unchanged, findings, false);
            handedOver = true;
            return commits.commit(batch).handle((committed, failure) -> failure == null ? done : commitFailed(failure, s, done));
        } catch (DeidException e) {
            findings.add(Finding.error(e.code(), Location.ofFile(current.file().toString()), e.getMessage()
                    + "; the series is left out (" + s.images().size() + " files)"));
        } catch (DicomException | UncheckedIOException e) {
            findings.add(Finding.error(WRITE_FAILED, Location.ofFile(current == null ? s.folder() : current.file().toString()),
                    "cannot be de-identified and written: " + e.getMessage() + "; the series is left out"));
        } finally {
            if (!handedOver) {
                commits.discard(batch);
            }
        }
        return CompletableFuture.completedFuture(new SeriesOutcome(0, 0, findings, true));
    }

    /** A failed sync or rename leaves the series out; any other failure ends the run. */
    private static SeriesOutcome commitFailed(Throwable failure, IngestPlan.TakenSeries s, SeriesOutcome staged) {
        if (!(failure instanceof UncheckedIOException e)) { // BackgroundCommits fails with the commit's own exception
            throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
        }
        List<Finding> findings = new ArrayList<>(staged.findings());
        findings.add(Finding.error(WRITE_FAILED, Location.ofFile(s.folder()),
                "cannot be written: " + e.getMessage() + "; the series is left out"));
        return new SeriesOutcome(0, 0, findings, true);
    }

    private static Optional<String> sopInstance(DicomReader reader, Path file) {
        try {
            return reader.read(file).dataset().getString(Tag.SOPInstanceUID).map(String::strip);
        } catch (DicomException | UncheckedIOException e) {
            return Optional.empty(); // written again
        }
    }

    /** One sheet per modality with patients in the tree: listed values under the managed id; pathology for malignant only. */
    private List<Path> clinicalSheets(IngestPlan plan, DatasetLayout layout, PatientIdMap map, Path tree) {
        Map<ModalityPlugin, Map<String, ClinicalSheetWriter.Row>> sheets = new LinkedHashMap<>();
        List<IngestCase> cases = new ArrayList<>();
        plan.taken().forEach(t -> cases.add(t.theCase()));
        cases.addAll(plan.casesWithoutImages());
        for (IngestCase c : cases) {
            ModalityPlugin plugin = catalog.find(c.modality()).orElseThrow();
            Optional<String> id = map.find(c.hospitalId());
            if (id.isEmpty() || !Files.isDirectory(layout.root().resolve(plugin.folderName())
                    .resolve(c.caseClass().folderName()).resolve(id.get()))) {
                continue;
            }
            sheets.computeIfAbsent(plugin, k -> new java.util.TreeMap<>()).putIfAbsent(id.get(), new ClinicalSheetWriter.Row(
                    id.get(), c.ageYears().isPresent() ? Integer.toString(c.ageYears().getAsInt()) : "",
                    c.sex().map(dev.pulmo.clinical.Sex::dicomCode).orElse(""),
                    c.caseClass() == dev.pulmo.api.plugin.CaseClass.MALIGNANT ? c.pathology().orElse("") : "",
                    c.smoking().orElse("")));
        }
        List<Path> out = new ArrayList<>();
        for (var e : sheets.entrySet()) {
            Path folder = tree.resolve(CLINICAL_FOLDER);
            List<ClinicalSheetWriter.Row> rows = List.copyOf(e.getValue().values());
            Path xlsx = folder.resolve(e.getKey().folderName() + ".xlsx");
            Path csv = folder.resolve(e.getKey().folderName() + ".csv");
            IngestReport.writeIfChanged(xlsx, ClinicalSheetWriter.xlsxBytes(e.getKey().folderName(), rows));
            IngestReport.writeIfChanged(csv, ClinicalSheetWriter.csvBytes(rows));
            out.add(xlsx);
            out.add(csv);
        }
        return out;
    }
}

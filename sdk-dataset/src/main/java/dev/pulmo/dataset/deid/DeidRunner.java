package dev.pulmo.dataset.deid;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.BackgroundCommits;
import dev.pulmo.api.io.FileTrees;
import dev.pulmo.api.io.OutputPaths;
import dev.pulmo.api.io.UnsafeNameException;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.deid.DeidException;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.DeidResult;
import dev.pulmo.dicom.deid.Deidentifier;
import dev.pulmo.dicom.deid.IdentifierSearch;
import dev.pulmo.dicom.deid.PatientPseudonym;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * De-identifies a tree of files into a new tree (SPEC.md §8). Sources are never modified; every output is written
 * to a temporary file and renamed, so an existing output is replaced whole or not at all; a file that cannot be
 * read or de-identified is reported and skipped, and the run goes on.
 *
 * <p>Two kinds of input:
 * <ul>
 *   <li>A dataset tree in the guideline's layout (IN is, or contains, {@code lung_cancer}): the patient folder is
 *   the patient's identity. Its id is mapped by the {@link PatientIdMap}, and the new id replaces it in the folder
 *   name, in the file names ({@code <prefix>_<patientId>_<series>_<seq>...}), in every DICOM file's Patient ID
 *   (whatever the header held) and in the JSON files' {@code patient_id} and {@code file_name}. JSON
 *   {@code date_captured} moves by the patient's date shift (emptied when dates are not kept). Files of other
 *   kinds, and files outside the patient folders, are not copied (they may hold identifying data) and are
 *   reported.</li>
 *   <li>Any other folder: every file is read as DICOM, its Patient ID is the identity, and the relative path is
 *   kept as it is (so it must not name patients).</li>
 * </ul>
 * An audit log, {@code deid-audit.tsv} in OUT, lists per output file what was done (or why it was skipped); it
 * names output paths only. The mapping file may not lie inside OUT.
 */
public final class DeidRunner {

    /** Name of the audit log written into the output folder. */
    public static final String AUDIT_LOG = "deid-audit.tsv";

    private final DeidOptions options;
    private final PatientIdMap map;
    private final PatientFileDeidentifier patientFiles;
    private final Deidentifier deidentifier;
    private final int threads;
    private static final int FILES_PER_COMMIT = 256;
    /** Folders' batches whose syncs run at once, beside the workers staging the next ones. */
    private static final int COMMITTERS = 4;

    /** A runner with one worker per processor. */
    public DeidRunner(DeidOptions options, PatientIdMap map) {
        this(options, map, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param threads workers: in a dataset tree each takes a patient folder at a time (a patient's files in order, so
     *                what one file teaches the mapping about the patient is known when the next is cleaned, as with one
     *                worker); a plain folder is done on one
     * @throws IllegalArgumentException when threads is below 1
     */
    public DeidRunner(DeidOptions options, PatientIdMap map, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.options = options;
        this.map = map;
        this.patientFiles = new PatientFileDeidentifier(options, map);
        this.deidentifier = patientFiles.deidentifier();
        this.threads = threads;
    }

    /**
     * The checks {@link #run} makes of its paths before anything else, for a caller to make before it creates the
     * mapping file: IN is a folder, OUT and IN do not contain each other, and the mapping file is not inside OUT. Paths
     * are compared where they lead ({@link OutputPaths#realLocation}): an OUT reached through a link into IN is inside
     * IN.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static void checkPaths(Path in, Path out, Path mapFile) {
        Path source = OutputPaths.realLocation(in);
        Path target = OutputPaths.realLocation(out);
        if (!Files.isDirectory(source)) {
            throw new IllegalArgumentException(in + " is not a folder");
        }
        if (target.startsWith(source) || source.startsWith(target)) {
            throw new IllegalArgumentException("OUT (" + out + ") and IN (" + in + ") must not contain each other");
        }
        if (OutputPaths.realLocation(mapFile).startsWith(target)) {
            throw new IllegalArgumentException("the mapping file " + mapFile + " must not be inside OUT (" + out
                    + "): it re-identifies the patients");
        }
    }

    /**
     * @param in         the source tree (read only)
     * @param out        the output folder (created when missing)
     * @param onFile     called after each file, e.g. for progress (from the workers, one call at a time)
     * @return what was done, file by file in the order of the source tree's names
     * @throws IllegalArgumentException when IN is not a folder, OUT and IN overlap, or the mapping file is in OUT
     * @throws UncheckedIOException     when IN cannot be listed, an output cannot be made durable, or the audit log
     *                                  cannot be written
     */
    public DeidReport run(Path in, Path out, Consumer<FileOutcome> onFile) {
        checkPaths(in, out, map.file());
        Path source = OutputPaths.realLocation(in);
        Path target = OutputPaths.realLocation(out);
        map.checkWritable(); // before any output: a read-only mapping file must not be found after the whole run
        Path layoutRoot = layoutRoot(source);
        int patientsBefore = map.size();
        FileTrees.Listing listing = FileTrees.regularFiles(source, p -> true);
        List<Finding> findings = new ArrayList<>(listing.problems()); // unreadable folders and FIFOs: reported, passed over
        FileResult[] results = new FileResult[listing.files().size()];
        try {
            deidentifyAll(units(listing.files(), layoutRoot), source, target, layoutRoot, results, onFile);
        } finally {
            map.flush();
        }
        List<FileOutcome> outcomes = new ArrayList<>();
        StringBuilder log = new StringBuilder("output\tstatus\tdetail\n");
        for (FileResult r : results) {
            outcomes.add(r.outcome());
            findings.addAll(r.findings());
            FileOutcome o = r.outcome();
            log.append(o.output()).append('\t').append(o.written() ? "written" : "skipped").append('\t')
                    .append(o.detail().replace('\t', ' ').replace('\n', ' ')).append('\n');
        }
        Path audit = target.resolve(AUDIT_LOG);
        AtomicFiles.write(audit, log.toString().getBytes(StandardCharsets.UTF_8));
        return new DeidReport(outcomes, findings, audit, map.size() - patientsBefore);
    }

    /** A file's outcome and its findings. */
    private record FileResult(FileOutcome outcome, List<Finding> findings) {
    }

    /** Files done in order by one worker: a patient folder's, or (in a plain folder) all; {@code indexes} in the listing. */
    private record Unit(List<Path> files, List<Integer> indexes) {
    }

    /**
     * The units of work, in the order of their first file. In a dataset tree, each patient folder's files form one,
     * and the patients get their new ids here, in that order, so that the ids (and a rare collision's re-derivation)
     * do not depend on which worker comes first; files outside the patient folders form one more.
     */
    private List<Unit> units(List<Path> files, Path layoutRoot) {
        Map<Path, Unit> units = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Path key = Path.of("");
            if (layoutRoot != null && file.startsWith(layoutRoot) && layoutRoot.relativize(file).getNameCount() >= 4) {
                Path rel = layoutRoot.relativize(file);
                key = rel.subpath(0, 3);
                map.newIdFor(rel.getName(2).toString());
            }
            Unit unit = units.computeIfAbsent(key, k -> new Unit(new ArrayList<>(), new ArrayList<>()));
            unit.files().add(file);
            unit.indexes().add(i);
        }
        return new ArrayList<>(units.values());
    }

    /**
     * De-identifies the units on {@link #threads} workers; each stages its outputs folder by folder and hands the
     * batches to background commits. Returns when every output is committed.
     *
     * @throws UncheckedIOException the first commit failure (outputs not yet renamed are deleted)
     */
    private void deidentifyAll(List<Unit> units, Path source, Path target, Path layoutRoot, FileResult[] results,
            Consumer<FileOutcome> onFile) {
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.min(threads, Math.max(1, units.size())), r -> {
                    Thread t = new Thread(r, "pulmo-deid");
                    t.setDaemon(true);
                    return t;
                });
        AtomicReference<Throwable> commitFailure = new AtomicReference<>();
        try (BackgroundCommits commits = new BackgroundCommits("pulmo-deid-commit", COMMITTERS, threads + COMMITTERS)) {
            List<Future<?>> work = new ArrayList<>();
            for (Unit unit : units) {
                work.add(pool.submit(() -> {
                    Staging staging = new Staging(commits, commitFailure);
                    try {
                        for (int i = 0; i < unit.files().size(); i++) {
                            FileResult r = deidentifyFile(unit.files().get(i), source, target, layoutRoot, staging);
                            results[unit.indexes().get(i)] = r;
                            synchronized (onFile) {
                                onFile.accept(r.outcome());
                            }
                        }
                        staging.commit();
                    } finally {
                        staging.discard();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while de-identifying", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Throwable failure = commitFailure.get(); // the commits have all ended: BackgroundCommits.close waits for them
        if (failure != null) {
            throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
        }
    }

    private FileResult deidentifyFile(Path file, Path source, Path target, Path layoutRoot, Staging staging)
            throws InterruptedException {
        List<Finding> findings = new ArrayList<>();
        FileOutcome outcome;
        try {
            outcome = layoutRoot != null
                    ? layoutFile(file, layoutRoot, target, findings, staging)
                    : plainFile(file, source.relativize(file).toString().replace('\\', '/'), target, findings, staging);
        } catch (InvalidPathException | UnsafeNameException e) {
            // a name the file system cannot take back (bytes that are not text in this locale), or one that would not
            // stay inside OUT
            outcome = skipped(findings, "deid.unnamable", file, "(unnamable)", "its output name cannot be made: "
                    + e.getMessage(), "output name cannot be made");
        }
        return new FileResult(outcome, findings);
    }

    /**
     * A worker's outputs: staged in a batch that is handed to the background commits when the next output goes to
     * another folder or the batch holds {@value #FILES_PER_COMMIT} files, so a folder's files are synced together.
     */
    private static final class Staging {
        private final BackgroundCommits commits;
        private final AtomicReference<Throwable> commitFailure;
        private AtomicFiles.Batch batch;
        private Path folder;

        Staging(BackgroundCommits commits, AtomicReference<Throwable> commitFailure) {
            this.commits = commits;
            this.commitFailure = commitFailure;
        }

        void write(Path target, AtomicFiles.ContentWriter content) throws InterruptedException {
            batchFor(target).write(target, content);
        }

        void writeChannel(Path target, AtomicFiles.ChannelContentWriter content) throws InterruptedException {
            batchFor(target).writeChannel(target, content);
        }

        private AtomicFiles.Batch batchFor(Path target) throws InterruptedException {
            Path parent = target.toAbsolutePath().getParent();
            if (batch != null && batch.size() > 0 && (batch.size() >= FILES_PER_COMMIT || !parent.equals(folder))) {
                commit();
            }
            if (batch == null) {
                batch = commits.batch();
            }
            folder = parent;
            return batch;
        }

        /** Hands the batch over to be committed; the run's first failed commit is kept to be thrown at its end. */
        void commit() {
            if (batch != null) {
                commits.commit(batch).whenComplete((done, failure) -> {
                    if (failure != null) {
                        commitFailure.compareAndSet(null, failure);
                    }
                });
                batch = null;
            }
        }

        /** Deletes what was staged and not handed over (a worker that fails). */
        void discard() {
            if (batch != null) {
                commits.discard(batch);
                batch = null;
            }
        }
    }

    private static Path layoutRoot(Path in) {
        if (in.getFileName() != null && in.getFileName().toString().equals(DatasetLayout.TOP_FOLDER)) {
            return in;
        }
        Path top = in.resolve(DatasetLayout.TOP_FOLDER);
        return Files.isDirectory(top) ? top : null;
    }

    /** {@code lung_cancer/<folder>/<class>/<patientId>/<series>/<kind>/<name>}. */
    private FileOutcome layoutFile(Path file, Path layoutRoot, Path out, List<Finding> findings, Staging staging)
            throws InterruptedException {
        if (!file.startsWith(layoutRoot) || layoutRoot.relativize(file).getNameCount() < 4) {
            findings.add(Finding.warning("deid.skipped.outside-layout", Location.ofFile(file.toString()),
                    "not inside a patient folder of the layout; not copied (it may identify patients)"));
            return new FileOutcome("(outside the layout)", false, "skipped: outside the patient folders");
        }
        Path rel = layoutRoot.relativize(file);
        String originalId = rel.getName(2).toString();
        String newId = map.newIdFor(originalId);
        List<String> parts = new ArrayList<>();
        parts.add(DatasetLayout.TOP_FOLDER);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            parts.add(i == 2 ? newId : rel.getName(i).toString());
        }
        String name = file.getFileName().toString();
        parts.add(renamed(name, originalId, newId));
        String output = String.join("/", parts);
        Path target = OutputPaths.resolveRelative(out, output);
        PatientPseudonym patient = new PatientPseudonym(newId, map.key().dateShiftDays(originalId),
                knownIdentifiers(originalId, newId));
        String lower = name.toLowerCase();
        if (lower.endsWith(".dcm")) {
            return dicom(file, target, output, patient, Optional.of(originalId), findings, staging);
        }
        if (lower.endsWith(".json")) {
            return json(file, target, output, patient, originalId, findings, staging);
        }
        findings.add(Finding.warning("deid.skipped.unknown-file", Location.ofFile(file.toString()),
                "neither .dcm nor .json; not copied (it may identify patients)"));
        return new FileOutcome(output, false, "skipped: neither DICOM nor JSON");
    }

    private FileOutcome plainFile(Path file, String output, Path out, List<Finding> findings, Staging staging)
            throws InterruptedException {
        return dicom(file, OutputPaths.resolveRelative(out, output), output, null, Optional.empty(), findings, staging);
    }

    /** The original id and what the mapping remembers of the patient: cut out of kept text. */
    private List<String> knownIdentifiers(String originalId, String newId) {
        return patientFiles.knownIdentifiers(originalId, newId);
    }

    /** Names, birth date and other ids the header gives the patient, for the mapping (deid --check searches them). */
    private void rememberIdentifiers(DicomDataset source, String newId) {
        patientFiles.rememberIdentifiers(source, newId);
    }

    /**
     * @param patient    the patient when the folder says who it is; null to take Patient ID from the header
     */
    private FileOutcome dicom(Path file, Path target, String output, PatientPseudonym patient,
            Optional<String> folderId, List<Finding> findings, Staging staging) throws InterruptedException {
        DicomFile dicom;
        try {
            dicom = DicomReader.create().read(file);
        } catch (DicomException e) {
            return skipped(findings, "deid.unreadable", file, output, "cannot be read as DICOM: " + e.withoutSource(),
                    "not readable as DICOM");
        } catch (UncheckedIOException e) {
            return skipped(findings, "deid.unreadable", file, output, "cannot be read: " + e.getMessage(), "not readable");
        }
        if (!dicom.dataset().contains(Tag.SOPClassUID) || !dicom.dataset().contains(Tag.SOPInstanceUID)) {
            // the reader is lenient: a few bytes of text parse as a bare dataset, but no instance without its UIDs
            return skipped(findings, "deid.unreadable", file, output,
                    "not a DICOM instance: no SOP Class UID (0008,0016) or SOP Instance UID (0008,0018)",
                    "not a DICOM instance");
        }
        String headerId = dicom.dataset().getString(Tag.PatientID).orElse("").strip();
        List<String> notes = new ArrayList<>();
        if (patient == null) {
            if (headerId.isEmpty()) {
                return skipped(findings, "deid.no-patient-id", file, output,
                        "has no Patient ID (0010,0020) to map", "no Patient ID to map");
            }
            String newId = map.newIdFor(headerId);
            rememberIdentifiers(dicom.dataset(), newId);
            patient = new PatientPseudonym(newId, map.key().dateShiftDays(headerId), knownIdentifiers(headerId, newId));
        } else if (folderId.isPresent() && !headerId.isEmpty() && !headerId.equals(folderId.get())) {
            findings.add(Finding.warning("deid.patient-id-differs-from-folder", Location.of(file.toString(), "(0010,0020)"),
                    "Patient ID differs from the patient folder's id; the folder's new id is written"));
            notes.add("Patient ID differed from the folder's id");
        }
        if (folderId.isPresent()) {
            rememberIdentifiers(dicom.dataset(), patient.newPatientId());
            patient = new PatientPseudonym(patient.newPatientId(), patient.dateShiftDays(),
                    knownIdentifiers(folderId.get(), patient.newPatientId()));
        }
        try {
            DeidResult result = deidentifier.deidentify(dicom, patient);
            staging.writeChannel(target, result::writeTo); // Pixel Data copied file to file by the kernel
            for (String note : result.audit().notes()) {
                findings.add(Finding.warning("deid.burned-in.not-removed", Location.ofFile(file.toString()), note));
            }
            notes.add(0, result.audit().summary());
            return new FileOutcome(output, true, String.join("; ", notes));
        } catch (DeidException e) {
            return skipped(findings, e.code(), file, output, e.getMessage(), e.detail());
        } catch (DicomException e) {
            return skipped(findings, "deid.unwritable", file, output, "cannot be written: " + e.getMessage(), e.detail());
        }
    }

    private FileOutcome json(Path file, Path target, String output, PatientPseudonym patient, String originalId,
            List<Finding> findings, Staging staging) throws InterruptedException {
        AnnotationFile annotations;
        try {
            annotations = GuidelineJson.read(file);
        } catch (RuntimeException e) {
            return skipped(findings, "deid.unreadable", file, output, "cannot be read as guideline JSON: " + e.getMessage(),
                    "not readable as guideline JSON");
        }
        // free text may quote the patient: the original id becomes the new one, names and birth dates '*'
        String newId = patient.newPatientId();
        List<IdentifierSearch.Identifier> known = new ArrayList<>();
        known.add(new IdentifierSearch.Identifier(newId, IdentifierSearch.Kind.HOSPITAL_ID, originalId));
        known.addAll(map.identifiersOfPatient(newId));
        IdentifierSearch search = IdentifierSearch.of(known);
        UnaryOperator<String> clean = text -> text == null ? null : search.replace(text.replace(originalId, newId),
                id -> id.kind() == IdentifierSearch.Kind.HOSPITAL_ID ? newId : "*");
        List<ImageRecord> images = new ArrayList<>();
        for (ImageRecord image : annotations.images()) {
            images.add(image.toBuilder()
                    .patientId(newId)
                    .fileName(image.fileName() == null ? null : clean.apply(renamed(image.fileName(), originalId, newId)))
                    .seriesId(clean.apply(image.seriesId()))
                    .imageId(clean.apply(image.imageId()))
                    .dateCaptured(shiftedCaptureDate(image.dateCaptured(), patient.dateShiftDays()))
                    .manufacturer(clean.apply(image.manufacturer()))
                    .manufacturerModelName(clean.apply(image.manufacturerModelName()))
                    .build());
        }
        Info info = annotations.info();
        Info cleanInfo = info == null ? null : new Info(clean.apply(info.description()), clean.apply(info.version()),
                clean.apply(info.contributor()), info.dateCreated());
        List<Annotation> cleanAnnotations = new ArrayList<>();
        for (Annotation a : annotations.annotations()) {
            cleanAnnotations.add(a.toolname() == null ? a : new Annotation(a.id(), a.imageId(), a.categoryId(), a.iscrowd(),
                    a.area(), a.bbox(), clean.apply(a.toolname()), a.segmentation(), a.width(), a.height()));
        }
        AnnotationFile cleaned = new AnnotationFile(cleanInfo, annotations.categories(), images, cleanAnnotations);
        staging.write(target, out -> GuidelineJson.write(cleaned, out));
        return new FileOutcome(output, true, "patient_id, file_name and date_captured of " + images.size()
                + " image(s) rewritten; free text cleaned of the patient's identifiers");
    }

    /** {@code yyyy-MM-dd...}: the date part moves by the shift, the rest stays; anything else is emptied. */
    private String shiftedCaptureDate(String captured, int shiftDays) {
        if (captured == null || captured.isEmpty() || !options.retainLongitudinalModifiedDates()) {
            return captured == null ? null : "";
        }
        try {
            return LocalDate.parse(captured.substring(0, 10)).plusDays(shiftDays) + captured.substring(10);
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return "";
        }
    }

    /**
     * The file name with the new patient id: the layout's {@code <prefix>_<patientId>_<series>_<seq>} names are
     * rebuilt; in any other name every occurrence of the original id is replaced.
     */
    static String renamed(String name, String originalId, String newId) {
        for (String[] kind : new String[][] {{"dcm", "mask"}, {"dcm", ""}, {"json", ""}}) {
            Optional<DatasetLayout.ParsedName> parsed = DatasetLayout.parse(name, kind[0], !kind[1].isEmpty());
            if (parsed.isPresent() && parsed.get().patientId().equals(originalId)) {
                DatasetLayout.ParsedName p = parsed.get();
                return p.prefix() + "_" + newId + "_" + p.series() + "_" + p.seq()
                        + (p.isMask() ? "_" + p.categoryId() + "_binary" : "") + "." + kind[0];
            }
        }
        return name.replace(originalId, newId);
    }

    private static FileOutcome skipped(List<Finding> findings, String code, Path file, String output, String message,
            String auditDetail) {
        findings.add(Finding.error(code, Location.ofFile(file.toString()), message));
        return new FileOutcome(output, false, "skipped: " + code + ": " + auditDetail);
    }
}

package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.clinical.DatasetPatient;
import dev.pulmo.dicom.DicomDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guideline's first check (SPEC.md §7) and more, over a whole tree, reading only: nothing in the tree is written
 * or modified. A driver over {@link TreeRun}: the layout and names ({@link DatasetScanner}'s {@code layout.*}
 * findings, leftover temporary files included), then per image {@link ImagePipeline#check} on its
 * {@link ImageInputs} (every file read once), then per series the modality's series rules ({@link SeriesRules}),
 * those on the series' 3-D nodules included (chest CT's {@code nodule.too-small}, grouped from the same inputs).
 * Findings stream to a {@link FindingSink} in the tree's order.
 *
 * <p>When asked ({@link #withPatients}), the same walk also gathers each patient's age and sex from the first image of
 * the patient's first series, for a clinical sheet check ({@link ClinicalTreeCheck}) without a second walk.
 */
public final class DatasetValidator {

    /**
     * What was looked at and what was found.
     *
     * @param patients the tree's patients, when asked for with {@link #withPatients}; empty otherwise
     * @param failure  set when the run stopped early (see {@link TreeRun}); the counts then cover what was done
     */
    public record Report(long series, long images, long jsonFiles, long masks, long errors, long warnings, long notes,
                         List<DatasetPatient> patients, Optional<TreeRun.Failure> failure) {
        public Report {
            patients = List.copyOf(patients);
        }

        /** Files looked at: images, JSON files and masks. */
        public long files() {
            return images + jsonFiles + masks;
        }
    }

    /**
     * What one series adds to a {@link Report}.
     *
     * @param patient the series' patient when patients are gathered ({@link #withPatients}), else null
     */
    public record SeriesCounts(long images, long jsonFiles, long masks, DatasetPatient patient) {
    }

    private final DatasetLayout layout;
    private final int threads;
    private final TreeReader reader;
    private final Optional<String> patientsOfModality;
    private final boolean gatherPatients;
    private final ImagePipeline pipeline;

    public DatasetValidator(DatasetLayout layout, int threads) {
        this(layout, threads, TreeReader.local(), false, Optional.empty());
    }

    private DatasetValidator(DatasetLayout layout, int threads, TreeReader reader, boolean gatherPatients,
                             Optional<String> patientsOfModality) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.layout = layout;
        this.threads = threads;
        this.reader = reader;
        this.gatherPatients = gatherPatients;
        this.patientsOfModality = patientsOfModality;
        this.pipeline = ImagePipeline.of(layout.catalog());
    }

    /** The same check reading the tree's files through {@code treeReader}. */
    public DatasetValidator withReader(TreeReader treeReader) {
        return new DatasetValidator(layout, threads, treeReader, gatherPatients, patientsOfModality);
    }

    /**
     * The same check, also gathering the tree's patients into {@link Report#patients()}: of every modality, or of
     * {@code modality} only (the guideline keeps one clinical sheet per modality). A patient is known by id; the
     * first class folder met is the patient's class.
     */
    public DatasetValidator withPatients(Optional<String> modality) {
        return new DatasetValidator(layout, threads, reader, true, modality);
    }

    /**
     * Checks the tree; {@code onImage} is called once per image checked, in the tree's order, from one thread at a
     * time.
     */
    public Report validate(Runnable onImage, FindingSink sink) {
        long[] counts = new long[3];
        Map<String, DatasetPatient> patients = new LinkedHashMap<>();
        FindingSink.Counts severities = new FindingSink.Counts();
        TreeRun.Summary run = TreeRun.run(layout, new TreeRun.Options(threads, "pulmo-validate", true), this::checkSeries,
                (series, c) -> {
                    counts[0] += c.images();
                    counts[1] += c.jsonFiles();
                    counts[2] += c.masks();
                    if (c.patient() != null) {
                        patients.putIfAbsent(c.patient().patientId(), c.patient());
                    }
                    for (long i = 0; i < c.images(); i++) {
                        onImage.run();
                    }
                }, sink.and(severities));
        return new Report(run.series(), counts[0], counts[1], counts[2], severities.errors(), severities.warnings(),
                severities.notes(), new ArrayList<>(patients.values()), run.failure());
    }

    /**
     * The check of one series, reading through this validator's {@link TreeReader}: every image's
     * {@link ImagePipeline#check}, then the series rules. The layout's findings are the scanner's, not this step's.
     * {@link #validate} runs it on every series of the tree; an engine that distributes series calls it itself.
     *
     * @throws TreeRun.WorkFailure naming the image when the pipeline throws
     */
    public TreeRun.SeriesOutcome<SeriesCounts> checkSeries(SeriesFiles series) {
        List<Finding> findings = new ArrayList<>();
        SeriesRules rules = SeriesRules.of(layout, pipeline, series);
        long images = 0;
        long jsonFiles = 0;
        long masks = 0;
        DatasetPatient patient = null;
        boolean wanted = gatherPatients && patientsOfModality.map(m -> m.equals(series.key().modality())).orElse(true);
        for (ImageFiles image : series.images()) {
            ImagePipeline.Checked checked = TreeRun.at(image.dicom() != null ? image.dicom() : image.key(), () -> {
                ImageInputs inputs = ImageInputs.read(image, ImageInputs.ALL, reader);
                rules.addLesions(image, inputs);
                return pipeline.check(inputs);
            });
            findings.addAll(checked.findings());
            images += image.dicom() == null ? 0 : 1;
            jsonFiles += image.json() == null ? 0 : 1;
            masks += image.masks().size();
            if (checked.header().isPresent()) {
                DicomDataset header = checked.header().get();
                rules.add(image.dicom().toString(), header);
                if (wanted && patient == null) {
                    patient = ClinicalTreeCheck.patient(series.key().patientId(), series.key().caseClass(), header);
                }
            }
        }
        if (wanted && patient == null) {
            patient = DatasetPatient.of(series.key().patientId(), series.key().caseClass());
        }
        findings.addAll(rules.check());
        return new TreeRun.SeriesOutcome<>(findings, new SeriesCounts(images, jsonFiles, masks, patient));
    }
}

package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts of a dataset tree against the guideline's targets (SPEC.md §9): patients, images, lesions and 3-D nodules
 * per modality and class, lesions per category, and the distribution of lesion sizes in pixels and, where the image
 * header gives the pixel spacing, in millimetres, and of the nodules' long axes.
 *
 * <p>A driver over {@link TreeRun}: one pass over the tree, series in parallel; in a series with masks or JSON files each
 * image's header, masks and JSON are read once through {@link ImageInputs}, for the lesions and for the series'
 * {@link Nodules} (whose {@code nodule.*} findings, the 4 mm minimum of malignant nodules among them, are reported);
 * sizes go into fixed histograms, so memory does not grow with the dataset. A lesion is one annotation of a guideline JSON file (the converter writes one per connected part).
 * Its size is the longer side of its box: {@code max(x2−x1, y2−y1)} pixels, and
 * {@code max((x2−x1)·column spacing, (y2−y1)·row spacing)} mm with PixelSpacing (0028,0030), else
 * ImagerPixelSpacing (0018,1164), of the image's header. Patients are counted once per modality and class.
 * One function counts a series ({@link #countSeries}) and one mergeable value adds series up ({@link Counts}), so an
 * engine that counts parts of the tree apart (sdk-spark) gets the counts of one pass.
 *
 * <p>Problems are findings, streamed to a {@link FindingSink}, never exceptions: the scanner's layout findings, the
 * pipeline's {@code json.unreadable} and {@code image.unreadable} (errors: not counted, or sizes in pixels only), and
 * {@code stats.image-missing}, {@code stats.category-unknown} (warnings).
 */
public final class DatasetStatistics {
    /**
     * Bins of the size histograms: 8-pixel bins up to 512 pixels, 2-mm bins up to 100 mm (so that the guideline's
     * 4 mm threshold for a malignant nodule, SPEC.md §6, is a bin edge).
     */
    public static final double PIXEL_BIN_WIDTH = 8;
    public static final int PIXEL_BINS = 64;
    public static final double MM_BIN_WIDTH = 2;
    public static final int MM_BINS = 50;

    /** The counts of one modality and case class, with the guideline's target where it has one. */
    public record ClassCounts(String modality, CaseClass caseClass, long patients, long images, long lesions,
                              Optional<GuidelineTargets.Target> target, long nodules) {
    }

    /** Lesions of one category of one modality's table. */
    public record CategoryCounts(String modality, int categoryId, String englishName, long lesions) {
    }

    /**
     * What {@link #collect} found.
     *
     * @param classes              every loaded modality × class, in catalog and class order, zeros included
     * @param categories           every category of every loaded modality's table, in table order, zeros included
     * @param sizePixels           lesion sizes in pixels
     * @param sizeMm               lesion sizes in millimetres, for lesions whose image has a pixel spacing
     * @param sizeMmByModality     {@code sizeMm} split by modality code, every loaded modality in catalog order
     * @param lesionsWithoutSpacing lesions left out of {@link #sizeMm} because their image gave no spacing
     * @param jsonFiles            JSON files read
     * @param errors               error findings (what could not be counted)
     * @param failure              set when the run stopped early (see {@link TreeRun})
     * @param noduleLongAxisMm     the 3-D nodules' long axes ({@link Nodules}), mm
     * @param malignantNodulesBelowMinimum malignant nodules whose long axis is below their modality's minimum
     */
    public record Report(List<ClassCounts> classes, List<CategoryCounts> categories, SizeHistogram sizePixels,
                         SizeHistogram sizeMm, Map<String, SizeHistogram> sizeMmByModality, long lesionsWithoutSpacing,
                         long jsonFiles, long errors, Optional<TreeRun.Failure> failure, SizeHistogram noduleLongAxisMm,
                         long malignantNodulesBelowMinimum) {
        public Report {
            classes = List.copyOf(classes);
            categories = List.copyOf(categories);
            sizeMmByModality = Collections.unmodifiableMap(new LinkedHashMap<>(sizeMmByModality));
        }
    }

    /**
     * What one series adds to the counts ({@link #countSeries}).
     *
     * @param images    image files of the series
     * @param jsonFiles JSON files read
     * @param lesions   the lesions of those JSON files, in the series' order
     * @param nodules   the series' 3-D nodules ({@link Nodules})
     * @param tooSmall  malignant nodules of the series below their modality's minimum
     */
    public record SeriesCounts(long images, long jsonFiles, List<Lesion> lesions, List<Nodules.Nodule> nodules, long tooSmall) {
        public SeriesCounts {
            lesions = List.copyOf(lesions);
            nodules = List.copyOf(nodules);
        }
    }

    /**
     * One lesion: its category id in the modality's table (counted in no category when the table has no such id), its
     * size in pixels and, with a spacing, in mm ({@link Double#NaN} without).
     */
    public record Lesion(int categoryId, double sizePixels, double sizeMm) {
    }

    /**
     * The counts of a run of consecutive series of a tree: {@link #add} takes each series' {@link SeriesCounts} in the
     * tree's order, and {@link #merge} appends the counts of the series that follow, so that counts made apart (the
     * series of one worker, of one Spark task) add up to those of one pass. A patient is counted once per run of
     * consecutive series of the patient (the scanner visits a patient's series one after another), also where the run
     * is split between two counts. Fixed memory: histograms, not sizes. Serializable, to travel between machines.
     */
    public static final class Counts implements Serializable {
        private static final long serialVersionUID = 1L;

        private final LinkedHashMap<String, long[]> ofClass = new LinkedHashMap<>(); // modality/class: patients, images, lesions, nodules
        private final LinkedHashMap<String, long[]> ofCategory = new LinkedHashMap<>(); // modality/category id: lesions
        private final long[] pixelBins = new long[PIXEL_BINS + 1];
        private final long[] mmBins = new long[MM_BINS + 1];
        private final LinkedHashMap<String, long[]> mmBinsOfModality = new LinkedHashMap<>();
        private final long[] noduleBins = new long[MM_BINS + 1];
        private long tooSmall;
        private long withoutSpacing;
        private long jsonFiles;
        private String firstPatient; // modality/class/patient of the first series added, null while none
        private String lastPatient;

        /** No series yet, with a zero for every class and category of the modalities of {@code catalog}. */
        public Counts(ModalityCatalog catalog) {
            for (ModalityPlugin p : catalog.all()) {
                mmBinsOfModality.put(p.modality().code(), new long[MM_BINS + 1]);
                for (CaseClass c : CaseClass.values()) {
                    ofClass.put(p.modality().code() + "/" + c, new long[4]);
                }
                for (CategoryDefinition d : p.categoryTable().categories()) {
                    ofCategory.put(p.modality().code() + "/" + d.id(), new long[1]);
                }
            }
        }

        /** Adds the counts of {@code series}, the series that follows those added so far. */
        public void add(SeriesKey series, SeriesCounts c) {
            String classKey = series.modality() + "/" + series.caseClass();
            long[] counts = ofClass.computeIfAbsent(classKey, k -> new long[4]);
            String patient = classKey + "/" + series.patientId();
            if (!patient.equals(lastPatient)) {
                counts[0]++;
                lastPatient = patient;
            }
            if (firstPatient == null) {
                firstPatient = patient;
            }
            counts[1] += c.images();
            counts[2] += c.lesions().size();
            counts[3] += c.nodules().size();
            tooSmall += c.tooSmall();
            for (Nodules.Nodule n : c.nodules()) {
                DatasetStatistics.add(noduleBins, MM_BIN_WIDTH, n.longAxisMm());
            }
            jsonFiles += c.jsonFiles();
            for (Lesion l : c.lesions()) {
                long[] category = ofCategory.get(series.modality() + "/" + l.categoryId());
                if (category != null) {
                    category[0]++;
                }
                DatasetStatistics.add(pixelBins, PIXEL_BIN_WIDTH, l.sizePixels());
                if (Double.isNaN(l.sizeMm())) {
                    withoutSpacing++;
                } else {
                    DatasetStatistics.add(mmBins, MM_BIN_WIDTH, l.sizeMm());
                    DatasetStatistics.add(mmBinsOfModality.computeIfAbsent(series.modality(), m -> new long[MM_BINS + 1]),
                            MM_BIN_WIDTH, l.sizeMm());
                }
            }
        }

        /** Adds {@code next}, the counts of the series that follow those counted here in the tree's order. */
        public void merge(Counts next) {
            if (next.firstPatient == null) {
                return;
            }
            next.ofClass.forEach((k, c) -> sum(ofClass.computeIfAbsent(k, x -> new long[4]), c));
            next.ofCategory.forEach((k, c) -> sum(ofCategory.computeIfAbsent(k, x -> new long[1]), c));
            if (next.firstPatient.equals(lastPatient)) {
                // the patient's series run on from here into next: one patient, counted on both sides
                ofClass.get(lastPatient.substring(0, lastPatient.lastIndexOf('/')))[0]--;
            }
            sum(pixelBins, next.pixelBins);
            sum(mmBins, next.mmBins);
            sum(noduleBins, next.noduleBins);
            tooSmall += next.tooSmall;
            next.mmBinsOfModality.forEach((m, bins) -> sum(mmBinsOfModality.computeIfAbsent(m, x -> new long[MM_BINS + 1]), bins));
            withoutSpacing += next.withoutSpacing;
            jsonFiles += next.jsonFiles;
            if (firstPatient == null) {
                firstPatient = next.firstPatient;
            }
            lastPatient = next.lastPatient;
        }

        private static void sum(long[] into, long[] more) {
            for (int i = 0; i < into.length; i++) {
                into[i] += more[i];
            }
        }

        /**
         * The report of these counts, with category names from {@code catalog}.
         *
         * @param errors  error findings of the run
         * @param failure set when the run stopped early
         */
        public Report report(ModalityCatalog catalog, long errors, Optional<TreeRun.Failure> failure) {
            List<ClassCounts> classes = new ArrayList<>();
            ofClass.forEach((k, c) -> {
                String modality = k.substring(0, k.indexOf('/'));
                CaseClass caseClass = CaseClass.valueOf(k.substring(k.indexOf('/') + 1));
                classes.add(new ClassCounts(modality, caseClass, c[0], c[1], c[2], GuidelineTargets.of(modality, caseClass), c[3]));
            });
            List<CategoryCounts> categories = new ArrayList<>();
            ofCategory.forEach((k, c) -> {
                String modality = k.substring(0, k.indexOf('/'));
                int id = Integer.parseInt(k.substring(k.indexOf('/') + 1));
                String name = catalog.find(modality).flatMap(p -> p.categoryTable().byId(id))
                        .map(CategoryDefinition::englishName).orElse("");
                categories.add(new CategoryCounts(modality, id, name, c[0]));
            });
            Map<String, SizeHistogram> mmOfModality = new LinkedHashMap<>();
            mmBinsOfModality.forEach((modality, bins) -> mmOfModality.put(modality, histogram(bins, MM_BIN_WIDTH)));
            return new Report(classes, categories, histogram(pixelBins, PIXEL_BIN_WIDTH), histogram(mmBins, MM_BIN_WIDTH),
                    mmOfModality, withoutSpacing, jsonFiles, errors, failure, histogram(noduleBins, MM_BIN_WIDTH), tooSmall);
        }
    }

    private final DatasetLayout layout;
    private final ImagePipeline pipeline;
    private final TreeReader reader;

    /** The statistics of the tree of {@code layout}, read from the local file system. */
    public DatasetStatistics(DatasetLayout layout) {
        this(layout, TreeReader.local());
    }

    private DatasetStatistics(DatasetLayout layout, TreeReader reader) {
        this.layout = layout;
        this.reader = reader;
        this.pipeline = ImagePipeline.of(layout.catalog());
    }

    /** The same statistics reading the tree's files through {@code treeReader}. */
    public DatasetStatistics withReader(TreeReader treeReader) {
        return new DatasetStatistics(layout, treeReader);
    }

    /** Walks the tree of {@code layout} once on {@code threads} workers and counts; findings go to {@code sink}. */
    public static Report collect(DatasetLayout layout, int threads, FindingSink sink) {
        return collect(layout, threads, sink, () -> { });
    }

    /**
     * {@link #collect(DatasetLayout, int, FindingSink)}, calling {@code onImage} once per DICOM image of the tree, in
     * the tree's order, from one thread at a time: a progress hook.
     */
    public static Report collect(DatasetLayout layout, int threads, FindingSink sink, Runnable onImage) {
        DatasetStatistics s = new DatasetStatistics(layout);
        Counts counts = new Counts(layout.catalog());
        FindingSink.Counts severities = new FindingSink.Counts();
        TreeRun.Summary run = TreeRun.run(layout, new TreeRun.Options(threads, "pulmo-stats", false), s::countSeries,
                (series, c) -> {
                    series.images().stream().filter(i -> i.dicom() != null).forEach(i -> onImage.run());
                    counts.add(series.key(), c);
                }, sink.and(severities));
        return counts.report(layout.catalog(), severities.errors(), run.failure());
    }

    /**
     * The lesions of one series, reading through this instance's {@link TreeReader}: each JSON, and the header of each
     * image with lesions. {@link #collect} runs it on every series of the tree and adds the outcomes to {@link Counts}
     * in the tree's order; an engine that distributes series calls it itself. The layout's findings are the scanner's.
     *
     * @throws TreeRun.WorkFailure naming the JSON file when the pipeline throws
     */
    public TreeRun.SeriesOutcome<SeriesCounts> countSeries(SeriesFiles series) {
        List<Finding> findings = new ArrayList<>();
        List<Lesion> lesions = new ArrayList<>();
        ModalityPlugin plugin = layout.plugin(series.key().modality());
        boolean annotated = Nodules.isAnnotated(series);
        Nodules.Collector nodules = new Nodules.Collector(layout, pipeline, series);
        List<Finding> noduleFindings = new ArrayList<>();
        long images = 0;
        long json = 0;
        for (ImageFiles image : series.images()) {
            images += image.dicom() == null ? 0 : 1;
            if (!annotated) {
                continue;
            }
            json += TreeRun.at(image.dicom() != null ? image.dicom() : image.json(), () -> {
                ImageInputs inputs = ImageInputs.read(image, Nodules.partsFor(image), reader);
                // the export's findings repeat what the lesion count reports: only the nodules' own are kept
                nodules.add(image, inputs, new ArrayList<>());
                return image.json() == null ? 0 : countLesions(image, inputs, plugin, findings, lesions);
            });
        }
        List<Nodules.Nodule> found = annotated ? nodules.finish(noduleFindings) : List.of();
        findings.addAll(noduleFindings);
        long small = noduleFindings.stream().filter(f -> f.code().equals(Nodules.TOO_SMALL)).count();
        return new TreeRun.SeriesOutcome<>(findings, new SeriesCounts(images, json, lesions, found, small));
    }

    /** The lesions of one image's JSON into {@code lesions}; 1 when the JSON was read, else 0. */
    private int countLesions(ImageFiles image, ImageInputs read, ModalityPlugin plugin, List<Finding> findings, List<Lesion> lesions) {
        ImagePipeline.JsonChecked checked = pipeline.checkJson(read);
        Optional<AnnotationFile> file = checked.file();
        if (file.isEmpty()) {
            findings.add(Finding.error(ImagePipeline.JSON_UNREADABLE, Location.ofFile(image.json().toString()),
                    "not counted: " + checked.whyUnread()));
            return 0;
        }
        if (file.get().annotations().isEmpty()) {
            return 1;
        }
        Optional<double[]> spacing = spacingMm(image, read, findings);
        for (Annotation a : file.get().annotations()) {
            if (plugin.categoryTable().byId(a.categoryId()).isEmpty()) {
                findings.add(Finding.warning("stats.category-unknown", Location.ofFile(image.json().toString()),
                        "category " + a.categoryId() + " of annotation " + a.id() + " is not in the "
                                + plugin.modality().code() + " table; counted as a lesion but in no category"));
            }
            double w = a.bbox().width();
            double h = a.bbox().height();
            lesions.add(new Lesion(a.categoryId(), Math.max(w, h), spacing.map(sp -> Math.max(w * sp[1], h * sp[0])).orElse(Double.NaN)));
        }
        return 1;
    }

    /** Row and column spacing in mm (PixelSpacing's order), from the header only. */
    private Optional<double[]> spacingMm(ImageFiles image, ImageInputs read, List<Finding> findings) {
        if (image.dicom() == null) {
            findings.add(Finding.warning("stats.image-missing", Location.ofFile(image.json().toString()),
                    "no image " + layout.dicomFile(image.key()).getFileName() + " for this JSON: sizes counted in pixels only"));
            return Optional.empty();
        }
        findings.addAll(read.readFindings().stream().filter(f -> f.code().equals(ImagePipeline.IMAGE_UNREADABLE)).toList());
        if (read.header().isEmpty()) {
            return Optional.empty();
        }
        DicomDataset header = read.header().get().dataset();
        for (int tag : new int[] {Tag.PixelSpacing, Tag.ImagerPixelSpacing}) {
            double[] s = header.getDoubles(tag);
            if (s != null && s.length == 2 && s[0] > 0 && s[1] > 0) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static void add(long[] bins, double width, double value) {
        bins[Math.min(bins.length - 1, (int) Math.floor(Math.max(0, value) / width))]++;
    }

    private static SizeHistogram histogram(long[] binsAndOverflow, double width) {
        return new SizeHistogram(width, Arrays.copyOf(binsAndOverflow, binsAndOverflow.length - 1),
                binsAndOverflow[binsAndOverflow.length - 1]);
    }
}

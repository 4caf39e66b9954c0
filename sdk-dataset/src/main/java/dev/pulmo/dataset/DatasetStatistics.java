package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts of a dataset tree against the guideline's targets (SPEC.md §9): patients, images and lesions per
 * modality and class, lesions per category, and the distribution of lesion sizes in pixels and, where the image
 * header gives the pixel spacing, in millimetres.
 *
 * <p>One pass over the tree with {@link DatasetScanner}, series by series; sizes go into fixed histograms, so
 * memory does not grow with the dataset. A lesion is one annotation of a guideline JSON file (the converter writes
 * one per connected part). Its size is the longer side of its box: {@code max(x2−x1, y2−y1)} pixels, and
 * {@code max((x2−x1)·column spacing, (y2−y1)·row spacing)} mm with PixelSpacing (0028,0030), else
 * ImagerPixelSpacing (0018,1164), of the image's header (read without its pixels; only for images that have
 * lesions). Patients are counted once per modality and class.
 *
 * <p>Problems are findings, never exceptions: the scanner's layout findings, and {@code stats.json-unreadable}
 * (error), {@code stats.image-missing}, {@code stats.image-unreadable}, {@code stats.category-unknown} (warnings).
 */
public final class DatasetStatistics {
    /** Bins of the size histograms: 8-pixel bins up to 512 pixels, 5-mm bins up to 100 mm. */
    public static final double PIXEL_BIN_WIDTH = 8;
    public static final int PIXEL_BINS = 64;
    public static final double MM_BIN_WIDTH = 5;
    public static final int MM_BINS = 20;

    /** The counts of one modality and case class, with the guideline's target where it has one. */
    public record ClassCounts(String modality, CaseClass caseClass, long patients, long images, long lesions,
                              Optional<GuidelineTargets.Target> target) {
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
     * @param lesionsWithoutSpacing lesions left out of {@link #sizeMm} because their image gave no spacing
     * @param jsonFiles            JSON files read
     * @param findings             what could not be counted, and the layout's findings
     */
    public record Report(List<ClassCounts> classes, List<CategoryCounts> categories, SizeHistogram sizePixels,
                         SizeHistogram sizeMm, long lesionsWithoutSpacing, long jsonFiles, List<Finding> findings) {
        public Report {
            classes = List.copyOf(classes);
            categories = List.copyOf(categories);
            findings = List.copyOf(findings);
        }

        public long errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        }
    }

    private final DatasetLayout layout;
    private final Map<String, long[]> countsOfClass = new LinkedHashMap<>(); // key modality/class: patients, images, lesions
    private final Map<String, long[]> lesionsOfCategory = new LinkedHashMap<>(); // key modality/category id
    private final long[] pixelBins = new long[PIXEL_BINS + 1];
    private final long[] mmBins = new long[MM_BINS + 1];
    private final List<Finding> findings = new ArrayList<>();
    private long withoutSpacing;
    private long jsonFiles;
    private String lastPatient = "";

    private DatasetStatistics(DatasetLayout layout) {
        this.layout = layout;
        for (ModalityPlugin p : layout.catalog().all()) {
            for (CaseClass c : CaseClass.values()) {
                countsOfClass.put(p.modality().code() + "/" + c, new long[3]);
            }
            for (CategoryDefinition d : p.categoryTable().categories()) {
                lesionsOfCategory.put(p.modality().code() + "/" + d.id(), new long[1]);
            }
        }
    }

    /** Walks the tree of {@code layout} once and counts. */
    public static Report collect(DatasetLayout layout) {
        DatasetStatistics s = new DatasetStatistics(layout);
        List<Finding> layoutFindings = new DatasetScanner(layout).scan(s::count);
        s.findings.addAll(0, layoutFindings);
        return s.report();
    }

    private void count(SeriesFiles series) {
        SeriesKey key = series.key();
        long[] counts = countsOfClass.get(key.modality() + "/" + key.caseClass());
        String patient = key.modality() + "/" + key.caseClass() + "/" + key.patientId();
        if (!patient.equals(lastPatient)) { // the scanner visits a patient's series one after another
            counts[0]++;
            lastPatient = patient;
        }
        ModalityPlugin plugin = layout.plugin(key.modality());
        for (ImageFiles image : series.images()) {
            if (image.dicom() != null) {
                counts[1]++;
            }
            if (image.json() != null) {
                counts[2] += countLesions(plugin, image);
            }
        }
    }

    private long countLesions(ModalityPlugin plugin, ImageFiles image) {
        AnnotationFile file;
        try {
            file = GuidelineJson.read(image.json());
            jsonFiles++;
        } catch (GuidelineJsonException | UncheckedIOException e) {
            findings.add(Finding.error("stats.json-unreadable", Location.ofFile(image.json().toString()),
                    "not counted: " + e.getMessage()));
            return 0;
        }
        if (file.annotations().isEmpty()) {
            return 0;
        }
        Optional<double[]> spacing = spacingMm(image);
        for (Annotation a : file.annotations()) {
            long[] category = lesionsOfCategory.get(plugin.modality().code() + "/" + a.categoryId());
            if (category == null) {
                findings.add(Finding.warning("stats.category-unknown", Location.ofFile(image.json().toString()),
                        "category " + a.categoryId() + " of annotation " + a.id() + " is not in the "
                                + plugin.modality().code() + " table; counted as a lesion but in no category"));
            } else {
                category[0]++;
            }
            double w = a.bbox().width();
            double h = a.bbox().height();
            add(pixelBins, PIXEL_BIN_WIDTH, Math.max(w, h));
            if (spacing.isPresent()) {
                add(mmBins, MM_BIN_WIDTH, Math.max(w * spacing.get()[1], h * spacing.get()[0]));
            } else {
                withoutSpacing++;
            }
        }
        return file.annotations().size();
    }

    /** Row and column spacing in mm (PixelSpacing's order), from the header only. */
    private Optional<double[]> spacingMm(ImageFiles image) {
        if (image.dicom() == null) {
            findings.add(Finding.warning("stats.image-missing", Location.ofFile(image.json().toString()),
                    "no image " + layout.dicomFile(image.key()).getFileName() + " for this JSON: sizes counted in pixels only"));
            return Optional.empty();
        }
        try {
            DicomDataset header = DicomReader.create().withStopBeforePixelData(true).read(image.dicom()).dataset();
            for (int tag : new int[] {Tag.PixelSpacing, Tag.ImagerPixelSpacing}) {
                double[] s = header.getDoubles(tag);
                if (s != null && s.length == 2 && s[0] > 0 && s[1] > 0) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        } catch (DicomException | UncheckedIOException e) {
            findings.add(Finding.warning("stats.image-unreadable", Location.ofFile(image.dicom().toString()),
                    "no pixel spacing: " + e.getMessage()));
            return Optional.empty();
        }
    }

    private static void add(long[] bins, double width, double value) {
        bins[Math.min(bins.length - 1, (int) Math.floor(Math.max(0, value) / width))]++;
    }

    private Report report() {
        List<ClassCounts> classes = new ArrayList<>();
        countsOfClass.forEach((k, c) -> {
            String modality = k.substring(0, k.indexOf('/'));
            CaseClass caseClass = CaseClass.valueOf(k.substring(k.indexOf('/') + 1));
            classes.add(new ClassCounts(modality, caseClass, c[0], c[1], c[2], GuidelineTargets.of(modality, caseClass)));
        });
        List<CategoryCounts> categories = new ArrayList<>();
        lesionsOfCategory.forEach((k, c) -> {
            String modality = k.substring(0, k.indexOf('/'));
            int id = Integer.parseInt(k.substring(k.indexOf('/') + 1));
            String name = layout.plugin(modality).categoryTable().byId(id).map(CategoryDefinition::englishName).orElse("");
            categories.add(new CategoryCounts(modality, id, name, c[0]));
        });
        return new Report(classes, categories, histogram(pixelBins, PIXEL_BIN_WIDTH), histogram(mmBins, MM_BIN_WIDTH),
                withoutSpacing, jsonFiles, findings);
    }

    private static SizeHistogram histogram(long[] binsAndOverflow, double width) {
        return new SizeHistogram(width, Arrays.copyOf(binsAndOverflow, binsAndOverflow.length - 1),
                binsAndOverflow[binsAndOverflow.length - 1]);
    }
}

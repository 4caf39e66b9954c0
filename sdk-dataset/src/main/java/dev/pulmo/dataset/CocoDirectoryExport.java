package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.OutputPaths;
import dev.pulmo.dataset.PatientSplit.Part;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.ModalityLut;
import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.SuvScale;
import dev.pulmo.dicom.pixel.VoiWindow;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A dataset tree as a folder ready for detectron2 or mmdetection ({@code pulmo export-coco ROOT --out DIR}): the
 * windowed images as PNG under {@code DIR/images/}, and standard COCO files beside them, one per part of a split
 * ({@code train.json}, {@code val.json}, {@code test.json}) or {@code coco.json} without a split. A driver over
 * {@link TreeRun} and the per-image pipeline: each image's entry and objects are {@link CocoExport#image}'s (so the
 * category mapping, the segmentation rules and the findings are {@link CocoExport}'s), and image ids are the ones
 * the single-file export and {@code pulmo evaluate} give: 1, 2, … over every image of the tree that gets an entry, in
 * the tree's order, whatever the filters (so a split file's ids are those of the whole export).
 *
 * <ul>
 *   <li>{@code file_name}: with PNG images, the image's path relative to {@code DIR/images/},
 *   {@code <modality folder>/<class>/<patient>/<series>/<file stem>.png}; without images ({@link Images#NONE}), the
 *   DICOM file's path relative to {@code lung_cancer/} as in the single-file export.</li>
 *   <li>Every image of the included modalities and split part is an entry, those without lesions too (negatives).</li>
 *   <li>Pixels: the first frame's stored values through the Modality LUT (Rescale Slope/Intercept: HU for CT), for PET
 *   through the SUVbw factor when the header gives one ({@link SuvScale}; else the series gets a
 *   {@value #SUV_UNAVAILABLE} warning naming what is missing and its values stay as they are), then the window
 *   ({@link Windowing}) to 0–255 (8 bits, {@link Grey8Image}) or 0–65535 (16 bits), with PS3.3 C.11.2.1.2.1's linear
 *   function; MONOCHROME1 inverted. An image whose pixels cannot be decoded is an {@code image.unreadable} error and
 *   left out.</li>
 *   <li>{@code info}: description, version, year, contributor, date_created, and the export's settings.</li>
 * </ul>
 * Streamed and parallel: the series' images are read (each file once) and their PNGs written on the workers (one
 * {@link AtomicFiles.Batch} per series), entries go to the COCO files in the tree's order, annotations staged in
 * temporary fragments; the COCO files are written atomically, and not at all when the run stops early.
 */
public final class CocoDirectoryExport {
    /** A PET series whose headers do not give SUVbw: its values are exported as they are. */
    public static final String SUV_UNAVAILABLE = "coco.suv-unavailable";
    /** A patient of the tree that the split manifest does not name: left out. */
    public static final String NOT_IN_SPLIT = "coco.not-in-split";
    /** The version written in {@code info}. */
    public static final String VERSION = "1.0";

    /** Whether images are written. */
    public enum Images { PNG, NONE }

    /**
     * How modality values become grey levels. {@code lung} and {@code mediastinum} are CT windows (HU) and apply to CT
     * images (DICOM Modality CT); other images get the automatic window. Automatic: the header's first Window
     * Center/Width, else for CT the lung window, for PET in SUV the fixed window SUV 0–10 (a PET header's window is in
     * its stored units, not SUV), else one spanning the image's values. A custom centre/width applies to every image,
     * in its modality's units (HU, SUV, or raw).
     *
     * @param name   {@code lung}, {@code mediastinum}, {@code auto} or {@code C,W}
     * @param fixed  the window of a custom or CT choice; empty for {@code auto}
     * @param ctOnly whether {@code fixed} applies to CT images only
     */
    public record Windowing(String name, Optional<VoiWindow> fixed, boolean ctOnly) {
        public static final Windowing LUNG = new Windowing("lung", Optional.of(VoiWindow.LUNG), true);
        public static final Windowing MEDIASTINUM = new Windowing("mediastinum", Optional.of(VoiWindow.MEDIASTINUM), true);
        public static final Windowing AUTO = new Windowing("auto", Optional.empty(), false);
        /** SUV 0 to 10: the automatic window of PET images in SUV. */
        public static final VoiWindow SUV_WINDOW = new VoiWindow(5, 10);

        /**
         * {@code lung}, {@code mediastinum}, {@code auto} or {@code C,W}.
         *
         * @throws IllegalArgumentException saying what is expected
         */
        public static Windowing parse(String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "lung":
                    return LUNG;
                case "mediastinum":
                    return MEDIASTINUM;
                case "auto":
                    return AUTO;
                default:
                    String[] parts = text.split(",", -1);
                    try {
                        if (parts.length == 2) {
                            VoiWindow w = new VoiWindow(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
                            return new Windowing(text.trim(), Optional.of(w), false);
                        }
                    } catch (NumberFormatException e) {
                        // said below
                    }
                    throw new IllegalArgumentException("'" + text + "': expected lung, mediastinum, auto or centre,width (e.g. -600,1500)");
            }
        }
    }

    /**
     * What to export.
     *
     * @param modalities modality codes to include; empty for all
     * @param split      a split manifest ({@code pulmo split}); empty for one file of every image
     */
    public record Options(Images images, Windowing window, int bits, Optional<Path> split, Set<String> modalities,
                          CocoExport.SegmentationKind kind, int threads) {
        public Options {
            if (bits != 8 && bits != 16) {
                throw new IllegalArgumentException("PNG bits must be 8 or 16, got " + bits);
            }
            modalities = Set.copyOf(modalities);
        }
    }

    /**
     * What was written.
     *
     * @param imagesPerFile COCO file name → image entries, in the order of the files
     * @param failure       set when the run stopped early (see {@link TreeRun}); no COCO file is written then
     */
    public record Summary(Map<String, Long> imagesPerFile, long annotations, long pngs, long errors,
                          Optional<TreeRun.Failure> failure) {
    }

    /** One image of a series' outcome: its entry, its file name in the COCO files, and its part (null: left out). */
    private record Entry(CocoExport.CocoImage image, String fileName, Part part, boolean included) {
    }

    private final DatasetLayout layout;
    private final Path dir;
    private final Options options;
    private final ImagePipeline pipeline;
    private final TreeReader reader = TreeReader.local();
    private final Map<String, Part> parts;

    private CocoDirectoryExport(DatasetLayout layout, Path dir, Options options, Map<String, Part> parts) {
        this.layout = layout;
        this.dir = dir;
        this.options = options;
        this.pipeline = ImagePipeline.of(layout.catalog());
        this.parts = parts;
    }

    /** The COCO file of each part. */
    public static String fileOf(Part part) {
        return switch (part) {
            case TRAIN -> "train.json";
            case VALIDATION -> "val.json";
            case TEST -> "test.json";
        };
    }

    /** The COCO file without a split. */
    public static final String SINGLE_FILE = "coco.json";

    /**
     * Exports the tree of {@code layout} into {@code dir} (created), sending findings to {@code sink} in the tree's
     * order.
     *
     * @throws IllegalArgumentException naming the file and line when the split manifest is not one
     * @throws UncheckedIOException     when an output cannot be written
     */
    public static Summary export(DatasetLayout layout, Path dir, Options options, FindingSink sink) {
        return export(layout, dir, options, sink, () -> { });
    }

    /**
     * {@link #export(DatasetLayout, Path, Options, FindingSink)}, calling {@code onImage} once per DICOM image of the
     * tree (exported, left out or unreadable alike), in the tree's order, from one thread at a time: a progress hook.
     */
    public static Summary export(DatasetLayout layout, Path dir, Options options, FindingSink sink, Runnable onImage) {
        Map<String, Part> parts = options.split().map(SplitManifest::partsByPatient).orElse(null);
        return new CocoDirectoryExport(layout, dir, options, parts).run(sink, onImage);
    }

    private boolean included(String modality) {
        return options.modalities().isEmpty() || options.modalities().contains(modality);
    }

    private Summary run(FindingSink sink, Runnable onImage) {
        AtomicFiles.removeLeftovers(dir.toAbsolutePath());
        Map<Part, String> files = new EnumMap<>(Part.class);
        if (parts != null) {
            for (Part p : List.of(Part.TRAIN, Part.VALIDATION, Part.TEST)) {
                files.put(p, fileOf(p));
            }
        }
        List<String> names = parts == null ? List.of(SINGLE_FILE) : List.of(fileOf(Part.TRAIN), fileOf(Part.VALIDATION), fileOf(Part.TEST));
        FindingSink.Counts severities = new FindingSink.Counts();
        FindingSink counted = sink.and(severities);
        long[] ids = {0, 0}; // image ids, PNGs
        long[] annotationIds = {0};
        Map<String, CocoDocument> documents = new LinkedHashMap<>();
        AtomicReference<Optional<TreeRun.Failure>> failure = new AtomicReference<>(Optional.empty());
        try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
            openAll(batch, names, 0, documents, counted, () -> {
                TreeRun.Summary run = TreeRun.run(layout, new TreeRun.Options(options.threads(), "pulmo-export-coco", false),
                        this::series, (series, entries) -> {
                            series.images().stream().filter(i -> i.dicom() != null).forEach(i -> onImage.run());
                            for (Entry e : entries) {
                                long id = ++ids[0];
                                if (e.included()) {
                                    annotationIds[0] = documents.get(parts == null ? SINGLE_FILE : files.get(e.part())).document()
                                            .add(id, e.fileName(), e.image(), annotationIds[0]);
                                    ids[1] += options.images() == Images.PNG ? 1 : 0;
                                }
                            }
                        }, counted);
                failure.set(run.failure());
            });
            if (failure.get().isEmpty()) {
                batch.commit();
            }
        }
        Map<String, Long> perFile = new LinkedHashMap<>();
        documents.forEach((name, d) -> perFile.put(name, d.document().images()));
        return new Summary(perFile, annotationIds[0], ids[1], severities.errors(), failure.get());
    }

    /** Stages every COCO file of {@code names} in {@code batch}, one inside the other, and runs {@code body} inside. */
    private void openAll(AtomicFiles.Batch batch, List<String> names, int i, Map<String, CocoDocument> documents, FindingSink sink,
                         Runnable body) {
        if (i == names.size()) {
            body.run();
            return;
        }
        Path target = dir.resolve(names.get(i));
        batch.write(target, out -> {
            try (CocoDocument d = CocoDocument.open(out, target, info(names.get(i)), layout.catalog(), this::included, sink)) {
                documents.put(names.get(i), d);
                openAll(batch, names, i + 1, documents, sink, body);
                d.finish();
            }
        });
    }

    private Map<String, String> info(String file) {
        Map<String, String> info = new LinkedHashMap<>();
        LocalDateTime now = LocalDateTime.now();
        info.put("description", "Lung cancer imaging dataset, exported by pulmo export-coco"
                + (parts == null ? "" : " (" + file.replace(".json", "") + " part of the split)"));
        info.put("version", VERSION);
        info.put("year", Integer.toString(now.getYear()));
        info.put("contributor", "pulmo " + DicomWriter.IMPLEMENTATION_VERSION_NAME);
        info.put("url", "");
        info.put("date_created", now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        info.put("segmentation", options.kind().name().toLowerCase(Locale.ROOT));
        info.put("images", options.images() == Images.PNG ? "png " + options.bits() + "-bit, window " + options.window().name() : "none");
        options.split().ifPresent(s -> info.put("split", s.getFileName().toString()));
        return info;
    }

    private TreeRun.SeriesOutcome<List<Entry>> series(SeriesFiles series) {
        List<Finding> findings = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        SeriesKey key = series.key();
        Part part = parts == null ? null : parts.get(key.patientId());
        boolean included = included(key.modality()) && (parts == null || part != null);
        if (included(key.modality()) && parts != null && part == null) {
            findings.add(Finding.warning(NOT_IN_SPLIT, Location.ofFile(series.folder().toString()),
                    "patient " + key.patientId() + " is not in " + options.split().get() + ": the series is left out"));
        }
        String suvMissing = null;
        try (AtomicFiles.Batch pngs = AtomicFiles.batch()) {
            for (ImageFiles image : series.images()) {
                Object where = image.dicom() != null ? image.dicom() : image.key();
                if (!included) {
                    // read only as far as the numbering needs: whether the image gets an entry
                    TreeRun.at(where, () -> CocoExport.image(layout, pipeline, options.kind(),
                            ImageInputs.read(image, Set.of(ImageInputs.Part.HEADER), reader), new ArrayList<>()))
                            .ifPresent(coco -> entries.add(new Entry(coco, null, null, false)));
                    continue;
                }
                String[] suvReason = new String[1];
                Optional<Entry> entry = TreeRun.at(where, () -> image(image, part, pngs, findings, suvReason));
                entry.ifPresent(entries::add);
                if (suvReason[0] != null && suvMissing == null) {
                    suvMissing = suvReason[0];
                }
            }
            pngs.commit();
        }
        if (suvMissing != null) {
            findings.add(Finding.warning(SUV_UNAVAILABLE, Location.ofFile(series.folder().toString()),
                    "no SUV for this PET series (" + suvMissing + "): its images are exported in their modality values"));
        }
        return new TreeRun.SeriesOutcome<>(ImagePipeline.capPerFile(findings), entries);
    }

    /** One included image: read once, its entry, and its PNG staged in {@code pngs}. */
    private Optional<Entry> image(ImageFiles image, Part part, AtomicFiles.Batch pngs, List<Finding> findings, String[] suvReason) {
        Set<ImageInputs.Part> needed = CocoExport.partsFor(options.kind(), image);
        if (options.images() == Images.NONE || image.dicom() == null) {
            return CocoExport.image(layout, pipeline, options.kind(), ImageInputs.read(image, needed, reader), findings)
                    .map(coco -> new Entry(coco, coco.fileName(), part, true));
        }
        byte[] dicom;
        try {
            dicom = reader.readAllBytes(image.dicom());
        } catch (IOException e) {
            findings.add(Finding.error(ImagePipeline.IMAGE_UNREADABLE, Location.ofFile(image.dicom().toString()),
                    "cannot read the file: " + e.getMessage()));
            return Optional.empty();
        }
        SortedMap<Integer, Map.Entry<String, byte[]>> masks = new TreeMap<>();
        if (needed.contains(ImageInputs.Part.MASKS)) {
            for (Map.Entry<Integer, Path> m : image.masks().entrySet()) {
                try {
                    masks.put(m.getKey(), new AbstractMap.SimpleEntry<>(m.getValue().toString(), reader.readAllBytes(m.getValue())));
                } catch (IOException e) {
                    findings.add(Finding.error(ImagePipeline.MASK_UNREADABLE, Location.ofFile(m.getValue().toString()),
                            "cannot read the file: " + e.getMessage()));
                }
            }
        }
        byte[] json = null;
        if (image.json() != null) {
            try {
                json = reader.readAllBytes(image.json());
            } catch (IOException e) {
                findings.add(Finding.error(ImagePipeline.JSON_UNREADABLE, Location.ofFile(image.json().toString()),
                        "cannot read the file: " + e.getMessage()));
            }
        }
        ImageInputs inputs = ImageInputs.fromBytes(image.key(), image.dicom().toString(), dicom, masks,
                image.json() == null ? null : image.json().toString(), json);
        Optional<CocoExport.CocoImage> coco = CocoExport.image(layout, pipeline, options.kind(), inputs, findings);
        if (coco.isEmpty()) {
            return Optional.empty();
        }
        String fileName = pngName(image.key());
        try {
            BufferedImage png = render(DicomReader.create().read(dicom, image.dicom().toString()), suvReason);
            pngs.write(OutputPaths.resolveRelative(dir.resolve("images"), fileName), out -> PngFiles.writeFast(png, out));
        } catch (DicomException | IllegalArgumentException e) {
            findings.add(Finding.error(ImagePipeline.IMAGE_UNREADABLE, Location.ofFile(image.dicom().toString()),
                    "the pixels cannot be exported, the image is left out: " + (e instanceof DicomException d ? d.withoutSource() : e.getMessage())));
            return Optional.of(new Entry(coco.get(), fileName, part, false)); // left out, but numbered as the export numbers it
        }
        return Optional.of(new Entry(coco.get(), fileName, part, true));
    }

    /** {@code <modality folder>/<class>/<patient>/<series>/<stem>.png}: parts of an {@link ImageKey}, safe by its rules. */
    String pngName(ImageKey k) {
        return layout.plugin(k.modality()).folderName() + "/" + k.caseClass().folderName() + "/" + k.patientId() + "/"
                + k.series() + "/" + layout.stem(k) + ".png";
    }

    /** The first frame, windowed to 8 or 16 bits; {@code suvReason[0]} says why a PET image is not in SUV. */
    private BufferedImage render(DicomFile file, String[] suvReason) {
        DicomDataset header = file.dataset();
        String modality = header.getString(Tag.Modality).orElse("").trim();
        PixelData pixels = PixelData.from(file);
        PixelDescription d = pixels.description();
        Frame frame = pixels.frame(0);
        if (!frame.photometricInterpretation().isMonochrome()) {
            throw new IllegalArgumentException("Photometric Interpretation " + frame.photometricInterpretation().code()
                    + " is not MONOCHROME1 or MONOCHROME2");
        }
        ModalityLut lut = d.modalityLut();
        boolean suv = false;
        if (modality.equals("PT")) {
            SuvScale.Outcome r = SuvScale.bodyWeight(header);
            if (r.scale().isPresent()) {
                lut = r.scale().get().applyTo(lut);
                suv = true;
            } else {
                suvReason[0] = r.reason();
            }
        }
        VoiWindow window = window(modality, suv, d, lut, frame);
        if (options.bits() == 8) {
            return Grey8Image.render(frame, lut, window).toBufferedImage();
        }
        boolean invert = frame.photometricInterpretation() == PhotometricInterpretation.MONOCHROME1;
        BufferedImage image = new BufferedImage(frame.columns(), frame.rows(), BufferedImage.TYPE_USHORT_GRAY);
        short[] target = ((DataBufferUShort) image.getRaster().getDataBuffer()).getData();
        for (int r = 0; r < frame.rows(); r++) {
            for (int c = 0; c < frame.columns(); c++) {
                int level = (int) Math.floor(window.apply(lut.apply(frame.sample(c, r, 0)), 0, 65535) + 0.5);
                target[r * frame.columns() + c] = (short) (invert ? 65535 - level : level);
            }
        }
        return image;
    }

    private VoiWindow window(String modality, boolean suv, PixelDescription d, ModalityLut lut, Frame frame) {
        Windowing w = options.window();
        boolean ct = modality.equals("CT");
        if (w.fixed().isPresent() && (!w.ctOnly() || ct)) {
            return w.fixed().get();
        }
        if (suv) {
            return Windowing.SUV_WINDOW;
        }
        if (!d.windows().isEmpty()) {
            return d.windows().get(0);
        }
        if (ct) {
            return VoiWindow.LUNG;
        }
        double a = lut.apply(frame.minSample()), b = lut.apply(frame.maxSample());
        return VoiWindow.spanning(Math.min(a, b), Math.max(a, b));
    }
}

package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Segmentation;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.CocoJsonWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.MaskComponent;
import dev.pulmo.geometry.VolumeComponents;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A dataset tree as one standard COCO file (cocodataset.org, "Data format") for training frameworks, read by
 * pycocotools' {@code COCO()}, detectron2 or mmdetection. A driver over {@link TreeRun} and the per-image pipeline.
 *
 * <ul>
 *   <li>{@code images}: every DICOM image of the tree, normal ones included (negatives), with id 1, 2, … in the
 *   tree's order, {@code file_name} the DICOM file's path relative to the {@code lung_cancer} folder with
 *   {@code /}, {@code width}/{@code height} from the image's header (read without pixels).</li>
 *   <li>{@code categories}: one id space across modalities, <b>COCO id = modality offset + guideline id</b>, with
 *   offsets XRY 100, CCT 200, PCT 300 for the guideline's modalities and 1000, 1100, … for plugin modalities in
 *   the order of their codes; {@code supercategory} is the modality code, {@code name} the category's English
 *   name. So CCT 1 (malignant) is 201 and PCT 2 (malignant lung lesion) is 302.</li>
 *   <li>{@code annotations}, {@code iscrowd} always 0 (each is one object), {@code bbox} COCO's
 *   {@code [x, y, w, h]} = {@code [x1, y1, x2−x1, y2−y1]} of the guideline's corner box. COCO and the guideline
 *   share the pixel convention (SPEC.md §3: pixel (c, r) covers [c, c+1)×[r, r+1), coordinates on pixel edges),
 *   so coordinates are copied, not shifted.
 *   <ul>
 *     <li>{@link SegmentationKind#POLYGON}: from each image's guideline JSON: one annotation per JSON annotation,
 *     {@code segmentation} {@code [[x1, y1, …]]} its ring (for box modalities the box's corners), {@code area} the
 *     ring's area (shoelace).</li>
 *     <li>{@link SegmentationKind#RLE}: from the binary masks, exact: one annotation per lesion the modality's
 *     export rule keeps (8-connected components, holes kept, specks below the rule's minimum area left out, as in
 *     the JSON), {@code segmentation} pycocotools' compressed RLE {@code {"size": [h, w], "counts": "…"}}
 *     ({@link CocoRle}) of the component's own pixels, {@code area} its pixel count, {@code bbox} its pixel
 *     bounds. An image with JSON but no masks (e.g. benign PET-CT) gets its JSON rings rasterised as pycocotools'
 *     {@code frPyObjects} does.</li>
 *   </ul></li>
 * </ul>
 * Streamed: image entries go straight to the output and annotations to a temporary fragment appended at the end, so
 * memory does not grow with the dataset; the output is written atomically. Problems are findings: the layout's, the
 * pipeline's ({@code image.*}, {@code mask.*}, {@code json.unreadable}: that file's annotations are left out), and
 * {@code coco.category-unknown} (warning; that annotation is left out).
 */
public final class CocoExport {

    /** Where segmentations come from and how they are written. */
    public enum SegmentationKind { POLYGON, RLE }

    /**
     * What was written.
     *
     * @param failure set when the run stopped early (see {@link TreeRun}); nothing is written then
     */
    public record Summary(long images, long annotations, long errors, Optional<TreeRun.Failure> failure) {
    }

    /** The rule code of an annotation whose category has no COCO id. */
    public static final String CATEGORY_UNKNOWN = "coco.category-unknown";

    private static final Map<String, Integer> BUILT_IN_OFFSETS = Map.of("XRY", 100, "CCT", 200, "PCT", 300);

    /**
     * One COCO object of an image before it has its ids: an annotation of the export, and the ground truth of
     * {@code pulmo evaluate} (which reads the tree as the export does).
     *
     * @param cocoCategoryId the COCO category id ({@link #cocoCategoryId})
     * @param categoryId     the guideline category id of the image's modality
     * @param bbox           {@code [x, y, width, height]}
     * @param rle            the exact pixels, for RLE segmentation; empty for polygons
     * @param rings          the polygon, one flat ring, for polygon segmentation; empty for RLE
     */
    public record CocoObject(int cocoCategoryId, int categoryId, double[] bbox, double area, Optional<CocoRle> rle,
                             List<double[]> rings) {
    }

    /** One image's COCO entry: its file name relative to the {@code lung_cancer} folder, its size and objects. */
    public record CocoImage(ImageKey key, String fileName, int width, int height, List<CocoObject> objects) {
        public CocoImage {
            objects = List.copyOf(objects);
        }
    }

    /**
     * One COCO document being assembled, the one assembly of every COCO export (the single file of {@link #export} and
     * {@code pulmo-spark export-coco}, each part's file of {@link CocoDirectoryExport}): {@code info} and
     * {@code categories} first, then image entries as they come, with their annotations staged in a fragment and copied
     * in after the images, so that memory does not grow with the dataset. Ids are given by the caller
     * ({@link #add(long, String, CocoImage, long)}: the directory export numbers images over the whole tree and
     * annotations across its files) or numbered 1, 2, … in the order of {@link #add(List)}: the same ids, the same
     * bytes, whoever feeds it. Where the fragment lives is the caller's: a local file ({@link CocoDocument}) or a
     * distributed engine's. Not thread-safe: an in-order step feeds it.
     */
    public static final class Document {
        private final CocoJsonWriter main;
        private final CocoJsonWriter staged;
        private long images;
        private long annotations;

        /**
         * Starts the single-file export's document on {@code out}: {@code info} of {@link #singleFileInfo}, every
         * modality's categories. See {@link #Document(OutputStream, OutputStream, Map, ModalityCatalog, Predicate, FindingSink)}.
         */
        public Document(OutputStream out, OutputStream staging, ModalityCatalog catalog, SegmentationKind kind, FindingSink sink) {
            this(out, staging, singleFileInfo(kind), catalog, modality -> true, sink);
        }

        /**
         * Starts a document on {@code out}: {@code info}, then the categories of the modalities {@code included} accepts
         * (a category without a COCO id is a {@code coco.category-unknown} finding to {@code sink}); annotations are
         * staged on {@code staging}. Neither stream is closed here.
         */
        public Document(OutputStream out, OutputStream staging, Map<String, String> info, ModalityCatalog catalog,
                        Predicate<String> included, FindingSink sink) {
            main = CocoJsonWriter.document(out, info);
            categories(main, catalog, included, sink);
            staged = CocoJsonWriter.fragment(staging);
        }

        /** Adds {@code entries}, the images that follow those added so far, numbered on from them, with their annotations. */
        public void add(List<CocoImage> entries) {
            for (CocoImage image : entries) {
                add(images + 1, image.fileName(), image, annotations);
            }
        }

        /**
         * Adds the image entry {@code imageId} named {@code fileName} and its annotations, numbered on from
         * {@code lastAnnotationId}; returns the id of its last annotation ({@code lastAnnotationId} when it has none).
         */
        public long add(long imageId, String fileName, CocoImage image, long lastAnnotationId) {
            images++;
            main.image(imageId, fileName, image.width(), image.height());
            long annotationId = lastAnnotationId;
            for (CocoObject a : image.objects()) {
                annotationId++;
                annotations++;
                if (a.rle().isPresent()) {
                    CocoRle rle = a.rle().get();
                    staged.rleAnnotation(annotationId, imageId, a.cocoCategoryId(), a.bbox(), a.area(),
                            rle.height(), rle.width(), rle.toCompressedString());
                } else {
                    staged.polygonAnnotation(annotationId, imageId, a.cocoCategoryId(), a.bbox(), a.area(), a.rings());
                }
            }
            return annotationId;
        }

        /** Ends the staged annotations (flushed, the stream left open): close the staging stream, then {@link #finish}. */
        public void endImages() {
            staged.close();
        }

        /** Copies the staged annotations, read back from {@code stagedAnnotations}, and ends the document. */
        public void finish(InputStream stagedAnnotations) {
            main.annotationsFrom(stagedAnnotations);
            main.close();
        }

        /** Images added so far. */
        public long images() {
            return images;
        }

        /** Annotations added so far. */
        public long annotations() {
            return annotations;
        }
    }

    /** The {@code info} of the single-file export: its description and the segmentation kind. */
    public static Map<String, String> singleFileInfo(SegmentationKind kind) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("description", "Lung cancer imaging dataset, exported by pulmo export-coco");
        info.put("segmentation", kind.name().toLowerCase(Locale.ROOT));
        return info;
    }

    private final DatasetLayout layout;
    private final SegmentationKind kind;
    private final ImagePipeline pipeline;
    private final TreeReader reader;

    /** The export of the tree of {@code layout} with {@code kind} segmentations, reading through {@code reader}. */
    public CocoExport(DatasetLayout layout, SegmentationKind kind, TreeReader reader) {
        this.layout = layout;
        this.kind = kind;
        this.reader = reader;
        this.pipeline = ImagePipeline.of(layout.catalog());
    }

    /**
     * The COCO category id of category {@code guidelineId} of {@code modality}, empty when the catalog has no such
     * modality or the id is not in 1–99.
     */
    public static OptionalInt cocoCategoryId(ModalityCatalog catalog, String modality, int guidelineId) {
        if (guidelineId < 1 || guidelineId > 99 || catalog.find(modality).isEmpty()) {
            return OptionalInt.empty();
        }
        Integer builtIn = BUILT_IN_OFFSETS.get(modality);
        if (builtIn != null) {
            return OptionalInt.of(builtIn + guidelineId);
        }
        List<String> others = catalog.all().stream().map(p -> p.modality().code())
                .filter(c -> !BUILT_IN_OFFSETS.containsKey(c)).sorted().toList();
        return OptionalInt.of(1000 + 100 * others.indexOf(modality) + guidelineId);
    }

    /**
     * Exports the tree of {@code layout} to {@code target} (replaced atomically) on {@code threads} workers, sending
     * findings to {@code sink} in the tree's order.
     *
     * @throws UncheckedIOException when the output or its temporary fragment cannot be written
     */
    public static Summary export(DatasetLayout layout, Path target, SegmentationKind kind, int threads, FindingSink sink) {
        return new CocoExport(layout, kind, TreeReader.local()).run(target, threads, sink);
    }

    private Summary run(Path target, int threads, FindingSink sink) {
        AtomicFiles.removeLeftovers(target.toAbsolutePath().getParent());
        FindingSink.Counts severities = new FindingSink.Counts();
        FindingSink counted = sink.and(severities);
        AtomicReference<Optional<TreeRun.Failure>> failure = new AtomicReference<>(Optional.empty());
        AtomicReference<Document> written = new AtomicReference<>();
        try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
            batch.write(target, out -> {
                try (CocoDocument file = CocoDocument.open(out, target, singleFileInfo(kind), layout.catalog(), modality -> true, counted)) {
                    Document document = file.document();
                    written.set(document);
                    TreeRun.Summary run = TreeRun.run(layout, new TreeRun.Options(threads, "pulmo-export-coco", false),
                            this::exportSeries, (series, images) -> document.add(images), counted);
                    failure.set(run.failure());
                    file.finish();
                }
            });
            if (failure.get().isEmpty()) {
                batch.commit();
            }
        }
        Document d = written.get();
        return new Summary(d == null ? 0 : d.images(), d == null ? 0 : d.annotations(), severities.errors(), failure.get());
    }

    private static void categories(CocoJsonWriter main, ModalityCatalog catalog, Predicate<String> included, FindingSink sink) {
        for (ModalityPlugin p : catalog.all()) {
            if (!included.test(p.modality().code())) {
                continue;
            }
            for (CategoryDefinition d : p.categoryTable().categories()) {
                OptionalInt id = cocoCategoryId(catalog, p.modality().code(), d.id());
                if (id.isEmpty()) {
                    sink.accept(Finding.warning(CATEGORY_UNKNOWN, Location.NONE, "category " + d.id() + " of "
                            + p.modality().code() + " is outside 1-99 and cannot be given a COCO id; left out"));
                    continue;
                }
                main.category(id.getAsInt(), d.englishName(), p.modality().code());
            }
        }
    }

    /**
     * The COCO entries of one series' images ({@link #image}, each read once through this export's {@link TreeReader}),
     * in the series' order. {@link #export} runs it on every series and hands the entries to a {@link Document} in the
     * tree's order; an engine that distributes series calls it itself. The layout's findings are the scanner's.
     *
     * @throws TreeRun.WorkFailure naming the image when the pipeline throws
     */
    public TreeRun.SeriesOutcome<List<CocoImage>> exportSeries(SeriesFiles series) {
        List<Finding> findings = new ArrayList<>();
        List<CocoImage> images = new ArrayList<>();
        for (ImageFiles image : series.images()) {
            TreeRun.at(image.dicom() != null ? image.dicom() : image.key(), () -> image(layout, pipeline, kind,
                    ImageInputs.read(image, partsFor(kind, image), reader), findings)).ifPresent(images::add);
        }
        return new TreeRun.SeriesOutcome<>(ImagePipeline.capPerFile(findings), images);
    }

    /** The parts of {@code image} that {@link #image} reads for {@code kind}. */
    public static Set<ImageInputs.Part> partsFor(SegmentationKind kind, ImageFiles image) {
        return kind == SegmentationKind.RLE && image.hasMasks()
                ? EnumSet.of(ImageInputs.Part.HEADER, ImageInputs.Part.MASKS, ImageInputs.Part.JSON)
                : EnumSet.of(ImageInputs.Part.HEADER, ImageInputs.Part.JSON);
    }

    /**
     * The COCO entry export-coco writes for one image, read with {@link #partsFor}; empty when the image gets no entry
     * (no image file, an unreadable header, no Rows or Columns), with the reasons added to {@code findings}. An image
     * gets an entry, and so an id, exactly when this is present: callers that number images number them as the export
     * does.
     */
    public static Optional<CocoImage> image(DatasetLayout layout, ImagePipeline pipeline, SegmentationKind kind,
                                            ImageInputs inputs, List<Finding> findings) {
        return image(layout, pipeline, kind, inputs, findings, null);
    }

    /**
     * {@link #image(DatasetLayout, ImagePipeline, SegmentationKind, ImageInputs, List)} for {@link Nodules}, which stacks
     * the masks' runs rather than RLEs: with {@code lesionSlices} given (and {@code kind} RLE), the lesions of a mask
     * are not RLE-encoded (their objects carry no RLE, and their pixel count as area) and {@code lesionSlices} gets,
     * under the mask's guideline category, the slice of just the lesions the objects are.
     */
    static Optional<CocoImage> image(DatasetLayout layout, ImagePipeline pipeline, SegmentationKind kind,
                                     ImageInputs inputs, List<Finding> findings,
                                     Map<Integer, VolumeComponents.Slice> lesionSlices) {
        if (inputs.imageFile().isEmpty()) {
            for (String orphan : orphanFiles(inputs)) {
                findings.add(Finding.error(ImagePipeline.IMAGE_MISSING, Location.ofFile(orphan),
                        "no image " + inputs.key() + " for this file: left out"));
            }
            return Optional.empty();
        }
        findings.addAll(inputs.readFindings().stream().filter(f -> !f.code().equals(ImagePipeline.MASK_UNREADABLE)).toList());
        if (inputs.header().isEmpty()) {
            return Optional.empty();
        }
        var header = inputs.header().get().dataset();
        int width = header.getInt(Tag.Columns).orElse(-1);
        int height = header.getInt(Tag.Rows).orElse(-1);
        String imageFile = inputs.imageFile().get();
        if (width < 1 || height < 1) {
            findings.add(Finding.error(ImagePipeline.IMAGE_UNREADABLE, Location.ofFile(imageFile), "Rows or Columns is missing: left out"));
            return Optional.empty();
        }
        String modality = inputs.key().modality();
        List<CocoObject> objects = new ArrayList<>();
        ImagePipeline.JsonChecked checked = pipeline.checkJson(inputs);
        Optional<AnnotationFile> json = checked.file();
        if (inputs.hasJsonBytes() && json.isEmpty()) {
            findings.add(Finding.error(ImagePipeline.JSON_UNREADABLE, Location.ofFile(inputs.jsonFile().get()),
                    "the image's annotations from it are left out: " + checked.whyUnread()));
        }
        if (kind == SegmentationKind.RLE && !inputs.maskFiles().isEmpty()) {
            ImagePipeline.Masks masks = pipeline.masks(inputs);
            findings.addAll(masks.findings());
            ExportRule rule = layout.plugin(modality).exportRule();
            for (Map.Entry<Integer, BinaryMask> m : masks.usable().entrySet()) {
                OptionalInt category = category(layout, modality, m.getKey(), inputs.maskFiles().get(m.getKey()), findings);
                if (category.isEmpty()) {
                    continue;
                }
                List<MaskComponent> components = m.getValue().components();
                List<CocoRle> rles = lesionSlices == null ? CocoRle.encodeComponents(m.getValue()) : null;
                boolean[] kept = new boolean[components.size()];
                boolean anyKept = false;
                for (int i = 0; i < components.size(); i++) {
                    if (!MaskExporter.keeps(rule, components.get(i).areaPixels())) {
                        continue; // the export rule leaves specks out of the JSON; the export follows it
                    }
                    kept[i] = true;
                    anyKept = true;
                    objects.add(new CocoObject(category.getAsInt(), m.getKey(), components.get(i).bounds().toCoco(),
                            rles == null ? components.get(i).areaPixels() : rles.get(i).area(),
                            rles == null ? Optional.empty() : Optional.of(rles.get(i)), List.of()));
                }
                if (lesionSlices != null && anyKept) {
                    lesionSlices.put(m.getKey(), VolumeComponents.Slice.of(m.getValue().withComponents(c -> kept[c])));
                }
            }
        } else if (json.isPresent()) {
            for (Annotation a : json.get().annotations()) {
                OptionalInt category = category(layout, modality, a.categoryId(), inputs.jsonFile().get(), findings);
                if (category.isEmpty()) {
                    continue;
                }
                Segmentation s = a.segmentation().pointCount() >= 3 ? a.segmentation() : a.bbox().toSegmentation();
                if (kind == SegmentationKind.RLE) {
                    CocoRle rle = CocoRle.fromPolygon(s.coordinates(), width, height);
                    BoundingBox box = rle.bounds().orElse(a.bbox());
                    objects.add(new CocoObject(category.getAsInt(), a.categoryId(), box.toCoco(), rle.area(), Optional.of(rle), List.of()));
                } else {
                    objects.add(new CocoObject(category.getAsInt(), a.categoryId(), a.bbox().toCoco(), Math.abs(s.polygonArea()),
                            Optional.empty(), List.of(s.coordinates())));
                }
            }
        }
        return Optional.of(new CocoImage(inputs.key(), layout.root().relativize(Path.of(imageFile)).toString().replace('\\', '/'),
                width, height, objects));
    }

    private static List<String> orphanFiles(ImageInputs inputs) {
        List<String> files = new ArrayList<>();
        inputs.jsonFile().ifPresent(files::add);
        files.addAll(inputs.maskFiles().values());
        return files;
    }

    private static OptionalInt category(DatasetLayout layout, String modality, int guidelineId, String file, List<Finding> findings) {
        OptionalInt id = layout.plugin(modality).categoryTable().byId(guidelineId).isPresent()
                ? cocoCategoryId(layout.catalog(), modality, guidelineId) : OptionalInt.empty();
        if (id.isEmpty()) {
            findings.add(Finding.warning(CATEGORY_UNKNOWN, Location.ofFile(file),
                    "category " + guidelineId + " is not in the " + modality + " table: annotation left out"));
        }
        return id;
    }
}

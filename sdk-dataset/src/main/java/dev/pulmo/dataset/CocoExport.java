package dev.pulmo.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Segmentation;
import dev.pulmo.api.Severity;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.MaskRasterizer;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.TracedComponent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A dataset tree as one standard COCO file (cocodataset.org, "Data format") for training frameworks, read by
 * pycocotools' {@code COCO()}, detectron2 or mmdetection.
 *
 * <ul>
 *   <li>{@code images}: every DICOM image of the tree, normal ones included (negatives), with id 1, 2, … in the
 *   scanner's order, {@code file_name} the DICOM file's path relative to the {@code lung_cancer} folder with
 *   {@code /}, {@code width}/{@code height} from the image's JSON, else its header (read without pixels).</li>
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
 *     <li>{@link SegmentationKind#RLE}: from the binary masks, exact: one annotation per 8-connected component of
 *     each mask ({@link MaskTracer}'s components, holes kept), {@code segmentation} pycocotools' compressed RLE
 *     {@code {"size": [h, w], "counts": "…"}} ({@link CocoRle}), {@code area} its pixel count, {@code bbox} the
 *     component's pixel bounds. An image with JSON but no masks (e.g. benign PET-CT) gets its JSON rings
 *     rasterised as pycocotools' {@code frPyObjects} does.</li>
 *   </ul></li>
 * </ul>
 * Streamed: image entries go straight to the output and annotations to a temporary file appended at the end, so
 * memory does not grow with the dataset; the output is written atomically. Problems are findings: the layout's,
 * {@code coco.image-missing}, {@code coco.image-unreadable}, {@code coco.json-unreadable},
 * {@code coco.mask-unreadable} (errors; the image's annotations are left out), {@code coco.category-unknown}
 * (warning; that annotation is left out).
 */
public final class CocoExport {

    /** Where segmentations come from and how they are written. */
    public enum SegmentationKind { POLYGON, RLE }

    /** What was written. */
    public record Summary(long images, long annotations, List<Finding> findings) {
        public Summary {
            findings = List.copyOf(findings);
        }

        public long errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        }
    }

    private static final Map<String, Integer> BUILT_IN_OFFSETS = Map.of("XRY", 100, "CCT", 200, "PCT", 300);
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT).build();

    private final DatasetLayout layout;
    private final SegmentationKind kind;
    private final List<Finding> findings = new ArrayList<>();
    private long imageId;
    private long annotationId;

    private CocoExport(DatasetLayout layout, SegmentationKind kind) {
        this.layout = layout;
        this.kind = kind;
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
     * Exports the tree of {@code layout} to {@code target} (replaced atomically).
     *
     * @throws UncheckedIOException when the output or its temporary file cannot be written
     */
    public static Summary export(DatasetLayout layout, Path target, SegmentationKind kind) {
        CocoExport e = new CocoExport(layout, kind);
        Path parent = target.toAbsolutePath().getParent();
        Path annotations;
        try {
            Files.createDirectories(parent);
            annotations = Files.createTempFile(parent, "." + target.getFileName(), ".annotations");
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write next to " + target + ": " + ex.getMessage(), ex);
        }
        try {
            AtomicFiles.write(target, out -> e.write(out, annotations));
        } finally {
            try {
                Files.deleteIfExists(annotations);
            } catch (IOException ignored) {
                // a left-over temporary file is harmless; the export itself succeeded or already failed
            }
        }
        return new Summary(e.imageId, e.annotationId, e.findings);
    }

    private void write(OutputStream out, Path annotationsFile) throws IOException {
        JsonGenerator main = JSON.createGenerator(out);
        main.writeStartObject();
        main.writeObjectFieldStart("info");
        main.writeStringField("description", "Lung cancer imaging dataset, exported by pulmo export-coco");
        main.writeStringField("segmentation", kind.name().toLowerCase(Locale.ROOT));
        main.writeEndObject();
        main.writeArrayFieldStart("licenses");
        main.writeEndArray();
        main.writeArrayFieldStart("categories");
        for (ModalityPlugin p : layout.catalog().all()) {
            for (CategoryDefinition d : p.categoryTable().categories()) {
                OptionalInt id = cocoCategoryId(layout.catalog(), p.modality().code(), d.id());
                if (id.isEmpty()) {
                    findings.add(Finding.warning("coco.category-unknown", Location.NONE, "category " + d.id() + " of "
                            + p.modality().code() + " is outside 1-99 and cannot be given a COCO id; left out"));
                    continue;
                }
                main.writeStartObject();
                main.writeNumberField("id", id.getAsInt());
                main.writeStringField("name", d.englishName());
                main.writeStringField("supercategory", p.modality().code());
                main.writeEndObject();
            }
        }
        main.writeEndArray();
        main.writeArrayFieldStart("images");
        try (OutputStream side = Files.newOutputStream(annotationsFile); JsonGenerator anns = JSON.createGenerator(side)) {
            anns.writeStartArray();
            findings.addAll(0, new DatasetScanner(layout).scan(series -> {
                for (ImageFiles image : series.images()) {
                    try {
                        image(image, main, anns);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                }
            }));
            anns.writeEndArray();
        }
        main.writeEndArray();
        main.flush();
        out.write(",\"annotations\":".getBytes(StandardCharsets.US_ASCII));
        Files.copy(annotationsFile, out);
        out.write('}');
        main.close();
    }

    private void image(ImageFiles image, JsonGenerator main, JsonGenerator anns) throws IOException {
        Path dicom = image.dicom();
        if (dicom == null) {
            Path other = image.json() != null ? image.json() : image.masks().values().iterator().next();
            findings.add(Finding.error("coco.image-missing", Location.ofFile(other.toString()),
                    "no image " + layout.dicomFile(image.key()).getFileName() + " for this file: left out"));
            return;
        }
        Optional<AnnotationFile> json = Optional.empty();
        if (image.json() != null) {
            try {
                json = Optional.of(GuidelineJson.read(image.json()));
            } catch (GuidelineJsonException | UncheckedIOException ex) {
                findings.add(Finding.error("coco.json-unreadable", Location.ofFile(image.json().toString()),
                        "the image's annotations are left out: " + ex.getMessage()));
            }
        }
        int[] size = json.filter(f -> !f.images().isEmpty()).map(f -> f.images().get(0))
                .map(r -> new int[] {(int) r.width(), (int) r.height()}).orElse(null);
        if (size == null) {
            try {
                DicomDataset header = DicomReader.create().withStopBeforePixelData(true).read(dicom).dataset();
                size = new int[] {header.getInt(Tag.Columns).orElseThrow(() -> new DicomException(dicom.toString(),
                        DicomException.NO_OFFSET, Tag.Columns, "Columns is missing")),
                        header.getInt(Tag.Rows).orElseThrow(() -> new DicomException(dicom.toString(),
                                DicomException.NO_OFFSET, Tag.Rows, "Rows is missing"))};
            } catch (DicomException | UncheckedIOException ex) {
                findings.add(Finding.error("coco.image-unreadable", Location.ofFile(dicom.toString()),
                        "left out: " + ex.getMessage()));
                return;
            }
        }
        long id = ++imageId;
        main.writeStartObject();
        main.writeNumberField("id", id);
        main.writeStringField("file_name", layout.root().relativize(dicom).toString().replace('\\', '/'));
        main.writeNumberField("width", size[0]);
        main.writeNumberField("height", size[1]);
        main.writeEndObject();
        String modality = image.key().modality();
        if (kind == SegmentationKind.RLE && image.hasMasks()) {
            masks(image, id, size, anns);
        } else if (json.isPresent()) {
            for (Annotation a : json.get().annotations()) {
                OptionalInt category = category(modality, a.categoryId(), image.json());
                if (category.isEmpty()) {
                    continue;
                }
                Segmentation s = a.segmentation().pointCount() >= 3 ? a.segmentation() : a.bbox().toSegmentation();
                if (kind == SegmentationKind.RLE) {
                    CocoRle rle = CocoRle.fromPolygon(s.coordinates(), size[0], size[1]);
                    rleAnnotation(anns, id, category.getAsInt(), rle, rle.bounds().orElse(a.bbox()));
                } else {
                    polygonAnnotation(anns, id, category.getAsInt(), s, a.bbox());
                }
            }
        }
    }

    private void masks(ImageFiles image, long id, int[] size, JsonGenerator anns) throws IOException {
        for (Map.Entry<Integer, Path> m : image.masks().entrySet()) {
            OptionalInt category = category(image.key().modality(), m.getKey(), m.getValue());
            if (category.isEmpty()) {
                continue;
            }
            MaskImage mask;
            try {
                mask = BinaryMaskDicom.read(m.getValue());
            } catch (DicomException | UncheckedIOException ex) {
                findings.add(Finding.error("coco.mask-unreadable", Location.ofFile(m.getValue().toString()),
                        "left out: " + ex.getMessage()));
                continue;
            }
            if (mask.columns() != size[0] || mask.rows() != size[1]) {
                findings.add(Finding.error("coco.mask-unreadable", Location.ofFile(m.getValue().toString()),
                        "left out: the mask is " + mask.columns() + "x" + mask.rows() + " but its image is " + size[0] + "x" + size[1]));
                continue;
            }
            BinaryMask whole = BinaryMask.fromBytes(mask.foreground(), mask.columns(), mask.rows());
            for (TracedComponent c : MaskTracer.trace(whole)) {
                CocoRle rle = CocoRle.encode(MaskRasterizer.rasterizeKnownValid(c.geometry(), whole.width(), whole.height()));
                rleAnnotation(anns, id, category.getAsInt(), rle, c.bounds());
            }
        }
    }

    private OptionalInt category(String modality, int guidelineId, Path file) {
        OptionalInt id = layout.plugin(modality).categoryTable().byId(guidelineId).isPresent()
                ? cocoCategoryId(layout.catalog(), modality, guidelineId) : OptionalInt.empty();
        if (id.isEmpty()) {
            findings.add(Finding.warning("coco.category-unknown", Location.ofFile(file.toString()),
                    "category " + guidelineId + " is not in the " + modality + " table: annotation left out"));
        }
        return id;
    }

    private void polygonAnnotation(JsonGenerator g, long imageId, int category, Segmentation ring, BoundingBox box) throws IOException {
        start(g, imageId, category, box, Math.abs(ring.polygonArea()));
        g.writeArrayFieldStart("segmentation");
        g.writeArray(ring.coordinates(), 0, ring.size());
        g.writeEndArray();
        g.writeEndObject();
    }

    private void rleAnnotation(JsonGenerator g, long imageId, int category, CocoRle rle, BoundingBox box) throws IOException {
        start(g, imageId, category, box, rle.area());
        g.writeObjectFieldStart("segmentation");
        g.writeArrayFieldStart("size");
        g.writeNumber(rle.height());
        g.writeNumber(rle.width());
        g.writeEndArray();
        g.writeStringField("counts", rle.toCompressedString());
        g.writeEndObject();
        g.writeEndObject();
    }

    private void start(JsonGenerator g, long imageId, int category, BoundingBox box, double area) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", ++annotationId);
        g.writeNumberField("image_id", imageId);
        g.writeNumberField("category_id", category);
        g.writeNumberField("iscrowd", 0);
        g.writeNumberField("area", area);
        g.writeArrayFieldStart("bbox");
        g.writeNumber(box.x1());
        g.writeNumber(box.y1());
        g.writeNumber(box.width());
        g.writeNumber(box.height());
        g.writeEndArray();
    }
}

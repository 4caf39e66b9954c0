package dev.pulmo.evaluation.internal;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Segmentation;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetScanner;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.dataset.SeriesFiles;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.evaluation.CocoCategory;
import dev.pulmo.evaluation.CocoSegmentation;
import dev.pulmo.evaluation.GroundTruthObject;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.GeometryException;
import dev.pulmo.geometry.MaskComponent;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The dataset tree as ground truth, read through sdk-dataset's public API ({@link DatasetScanner},
 * {@link DatasetLayout}, {@link GuidelineJson}, {@link BinaryMaskDicom}, {@link DicomReader} stopping before the
 * pixels). It is the one place evaluation reads the tree, so that it can move to the per-image pipeline
 * ({@code ImageInputs}) in one step when that lands.
 *
 * <p>The ground truth of an image is what {@code pulmo export-coco --segmentation rle} writes for it, so that
 * evaluating the tree and evaluating its export agree: one object per 8-connected component of each binary mask
 * (exact, holes kept; area = pixel count, box = the component's pixel bounds), or, for an image with a guideline
 * JSON but no masks, one object per JSON annotation rasterised as pycocotools' {@code frPyObjects} does. Category
 * ids are export-coco's (modality offset + guideline id, {@link CocoExport#cocoCategoryId}); image ids are
 * export-coco's too: 1, 2, … in the scanner's order over images that have a DICOM file and a known size (from the
 * JSON, else the header), whatever the filters, so that results made from an export find their images.
 */
public final class TreeGroundTruth {
    private static final DicomReader HEADERS = DicomReader.create().withStopBeforePixelData(true);

    private final DatasetLayout layout;

    /** One image as the evaluation sees it. */
    public record ImageTruth(ImageKey key, Path dicom, String fileName, int width, int height, boolean numbered,
                             boolean wanted, List<GroundTruthObject> objects, List<CategoryDefinition> categories,
                             Optional<SliceGeometry> geometry, List<Finding> findings) {
    }

    /** One series: its images in sequence order. */
    public record SeriesTruth(SeriesFiles files, List<ImageTruth> images) {
    }

    public TreeGroundTruth(DatasetLayout layout) {
        this.layout = layout;
    }

    public DatasetLayout layout() {
        return layout;
    }

    /** Walks the tree series by series (the scanner's order), returning the layout's findings. */
    public List<Finding> scan(Consumer<SeriesFiles> onSeries) {
        return new DatasetScanner(layout).scan(onSeries);
    }

    /** Every category of every modality of the catalog, under its export-coco id. */
    public List<CocoCategory> categories() {
        List<CocoCategory> out = new ArrayList<>();
        for (ModalityPlugin p : layout.catalog().all()) {
            for (CategoryDefinition d : p.categoryTable().categories()) {
                CocoExport.cocoCategoryId(layout.catalog(), p.modality().code(), d.id())
                        .ifPresent(id -> out.add(new CocoCategory(id, p.modality().code() + " " + d.englishName())));
            }
        }
        return out;
    }

    /**
     * Reads a series. Images {@code wanted} rejects are only read as far as export-coco's numbering needs (whether
     * they get an id); the others fully.
     */
    public SeriesTruth read(SeriesFiles series, Predicate<ImageKey> wanted) {
        List<ImageTruth> images = new ArrayList<>(series.images().size());
        for (ImageFiles image : series.images()) {
            images.add(image(image, wanted.test(image.key())));
        }
        return new SeriesTruth(series, images);
    }

    private ImageTruth image(ImageFiles image, boolean wanted) {
        List<Finding> findings = new ArrayList<>();
        Path dicom = image.dicom();
        String fileName = dicom == null ? "" : layout.root().relativize(dicom).toString().replace('\\', '/');
        if (dicom == null) {
            if (wanted) {
                Path other = image.json() != null ? image.json() : image.masks().values().iterator().next();
                findings.add(Finding.error("evaluate.image-missing", Location.ofFile(other.toString()),
                        "no image " + layout.dicomFile(image.key()).getFileName() + " for this file: left out"));
            }
            return new ImageTruth(image.key(), null, fileName, 0, 0, false, false, List.of(), List.of(), Optional.empty(), findings);
        }
        Optional<AnnotationFile> json = Optional.empty();
        if (image.json() != null) {
            try {
                json = Optional.of(GuidelineJson.read(image.json()));
            } catch (GuidelineJsonException | UncheckedIOException e) {
                findings.add(Finding.error("evaluate.json-unreadable", Location.ofFile(image.json().toString()),
                        "the image's JSON annotations are left out: " + e.getMessage()));
            }
        }
        int[] size = json.filter(f -> !f.images().isEmpty()).map(f -> f.images().get(0))
                .map(r -> new int[] {(int) r.width(), (int) r.height()}).orElse(null);
        DicomDataset header = null;
        if (size == null || wanted) {
            try {
                header = HEADERS.read(dicom).dataset();
            } catch (DicomException | UncheckedIOException e) {
                findings.add(Finding.error("evaluate.image-unreadable", Location.ofFile(dicom.toString()),
                        (size == null ? "left out: " : "its geometry is unknown: ") + e.getMessage()));
            }
        }
        if (size == null && header != null) {
            OptionalInt columns = header.getInt(Tag.Columns), rows = header.getInt(Tag.Rows);
            if (columns.isPresent() && rows.isPresent()) {
                size = new int[] {columns.getAsInt(), rows.getAsInt()};
            } else {
                findings.add(Finding.error("evaluate.image-unreadable", Location.ofFile(dicom.toString()),
                        "left out: Columns or Rows is missing"));
            }
        }
        if (size == null || !wanted) {
            return new ImageTruth(image.key(), dicom, fileName, size == null ? 0 : size[0], size == null ? 0 : size[1], size != null,
                    false, List.of(), List.of(), Optional.empty(), wanted ? findings : List.of());
        }
        if (size[0] < 1 || size[1] < 1) {
            findings.add(Finding.error("evaluate.image-unreadable", Location.ofFile(dicom.toString()),
                    "left out: the image is " + size[0] + "x" + size[1] + " pixels"));
            return new ImageTruth(image.key(), dicom, fileName, size[0], size[1], true, false, List.of(), List.of(), Optional.empty(), findings);
        }
        List<GroundTruthObject> objects = new ArrayList<>();
        List<CategoryDefinition> categories = new ArrayList<>();
        if (image.hasMasks()) {
            masks(image, size, objects, categories, findings);
        } else if (json.isPresent()) {
            annotations(image, json.get(), size, objects, categories, findings);
        }
        return new ImageTruth(image.key(), dicom, fileName, size[0], size[1], true, true, objects, categories,
                header == null ? Optional.empty() : SliceGeometry.of(header), findings);
    }

    private void masks(ImageFiles image, int[] size, List<GroundTruthObject> objects, List<CategoryDefinition> categories,
                       List<Finding> findings) {
        String modality = image.key().modality();
        for (Map.Entry<Integer, Path> m : image.masks().entrySet()) {
            Optional<CocoCategoryOf> category = category(modality, m.getKey(), m.getValue(), "mask", findings);
            if (category.isEmpty()) {
                continue;
            }
            MaskImage mask;
            try {
                mask = BinaryMaskDicom.read(m.getValue());
            } catch (DicomException | UncheckedIOException e) {
                findings.add(Finding.error("evaluate.mask-unreadable", Location.ofFile(m.getValue().toString()), "left out: " + e.getMessage()));
                continue;
            }
            if (mask.columns() != size[0] || mask.rows() != size[1]) {
                findings.add(Finding.error("evaluate.mask-unreadable", Location.ofFile(m.getValue().toString()),
                        "left out: the mask is " + mask.columns() + "x" + mask.rows() + " but its image is " + size[0] + "x" + size[1]));
                continue;
            }
            BinaryMask whole = BinaryMask.fromBytes(mask.foreground(), mask.columns(), mask.rows());
            List<CocoRle> parts = CocoRle.encodeComponents(whole);
            List<MaskComponent> bounds = whole.components();
            for (int i = 0; i < parts.size(); i++) {
                CocoRle rle = parts.get(i);
                objects.add(new GroundTruthObject(objects.size() + 1L, category.get().cocoId(), false, rle.area(),
                        bounds.get(i).bounds().toCoco(), new CocoSegmentation.Rle(rle)));
                categories.add(category.get().definition());
            }
        }
    }

    private void annotations(ImageFiles image, AnnotationFile json, int[] size, List<GroundTruthObject> objects,
                             List<CategoryDefinition> categories, List<Finding> findings) {
        String modality = image.key().modality();
        for (Annotation a : json.annotations()) {
            Optional<CocoCategoryOf> category = category(modality, a.categoryId(), image.json(), "annotation", findings);
            if (category.isEmpty()) {
                continue;
            }
            Segmentation ring = a.segmentation().pointCount() >= 3 ? a.segmentation() : a.bbox().toSegmentation();
            CocoRle rle;
            try {
                rle = CocoRle.fromPolygon(ring.coordinates(), size[0], size[1]);
            } catch (GeometryException e) {
                findings.add(Finding.error("evaluate.json-unreadable", Location.ofFile(image.json().toString()),
                        "annotation " + a.id() + " left out: " + e.getMessage()));
                continue;
            }
            BoundingBox box = rle.bounds().orElse(a.bbox());
            objects.add(new GroundTruthObject(objects.size() + 1L, category.get().cocoId(), false, rle.area(), box.toCoco(),
                    new CocoSegmentation.Rle(rle)));
            categories.add(category.get().definition());
        }
    }

    /** A guideline category and its export-coco id. */
    private record CocoCategoryOf(CategoryDefinition definition, int cocoId) {
    }

    /** The category {@code id} of {@code modality}, or a warning that {@code what} of {@code file} is left out. */
    private Optional<CocoCategoryOf> category(String modality, int id, Path file, String what, List<Finding> findings) {
        Optional<CategoryDefinition> definition = layout.plugin(modality).categoryTable().byId(id);
        OptionalInt cocoId = CocoExport.cocoCategoryId(layout.catalog(), modality, id);
        if (definition.isEmpty() || cocoId.isEmpty()) {
            findings.add(Finding.warning("evaluate.category-unknown", Location.ofFile(file.toString()),
                    "category " + id + " is not in the " + modality + " table: " + what + " left out"));
            return Optional.empty();
        }
        return Optional.of(new CocoCategoryOf(definition.get(), cocoId.getAsInt()));
    }
}

package dev.pulmo.evaluation.internal;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetScanner;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dataset.ImageInputs;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.dataset.ImagePipeline;
import dev.pulmo.dataset.SeriesFiles;
import dev.pulmo.dataset.TreeReader;
import dev.pulmo.dicom.SliceGeometry;
import dev.pulmo.evaluation.CocoCategory;
import dev.pulmo.evaluation.CocoSegmentation;
import dev.pulmo.evaluation.GroundTruthObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The dataset tree as ground truth, read through the per-image pipeline ({@link ImageInputs}, each file once) and made
 * by the very function {@code pulmo export-coco --segmentation rle} writes with ({@link CocoExport#image}), so that
 * evaluating the tree and evaluating its export agree: one object per lesion of each binary mask that the modality's
 * export rule keeps (8-connected components, exact, holes kept; area = pixel count, box = the component's pixel
 * bounds), or, for an image with a guideline JSON but no masks, one object per JSON annotation rasterised as
 * pycocotools' {@code frPyObjects} does. Category ids are export-coco's ({@link CocoExport#cocoCategoryId}); image ids
 * are export-coco's too: 1, 2, … in the scanner's order over the images that get an entry, whatever the filters, so
 * that results made from an export find their images. Problems are the pipeline's findings ({@code image.*},
 * {@code mask.*}, {@code json.unreadable}, {@code coco.category-unknown}).
 */
public final class TreeGroundTruth {
    private final DatasetLayout layout;
    private final ImagePipeline pipeline;
    private final TreeReader reader = TreeReader.local();

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
        this.pipeline = ImagePipeline.of(layout.catalog());
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
     * Reads a series. Images {@code wanted} rejects are only read as far as export-coco's numbering needs (their
     * header: whether they get an id); the others fully.
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
        Set<ImageInputs.Part> parts = wanted ? CocoExport.partsFor(CocoExport.SegmentationKind.RLE, image)
                : EnumSet.of(ImageInputs.Part.HEADER);
        ImageInputs inputs = ImageInputs.read(image, parts, reader);
        Optional<CocoExport.CocoImage> entry = CocoExport.image(layout, pipeline, CocoExport.SegmentationKind.RLE, inputs, findings);
        Path dicom = image.dicom();
        if (entry.isEmpty()) {
            String fileName = dicom == null ? "" : layout.root().relativize(dicom).toString().replace('\\', '/');
            return new ImageTruth(image.key(), dicom, fileName, 0, 0, false, false, List.of(), List.of(), Optional.empty(),
                    wanted ? findings : List.of());
        }
        CocoExport.CocoImage e = entry.get();
        if (!wanted) {
            return new ImageTruth(image.key(), dicom, e.fileName(), e.width(), e.height(), true, false, List.of(), List.of(),
                    Optional.empty(), List.of());
        }
        List<GroundTruthObject> objects = new ArrayList<>();
        List<CategoryDefinition> categories = new ArrayList<>();
        ModalityPlugin plugin = layout.plugin(image.key().modality());
        for (CocoExport.CocoObject o : e.objects()) {
            objects.add(new GroundTruthObject(objects.size() + 1L, o.cocoCategoryId(), false, o.area(), o.bbox(),
                    new CocoSegmentation.Rle(o.rle().orElseThrow())));
            categories.add(plugin.categoryTable().byId(o.categoryId()).orElseThrow());
        }
        return new ImageTruth(image.key(), dicom, e.fileName(), e.width(), e.height(), true, true, objects, categories,
                SliceGeometry.of(inputs.header().orElseThrow().dataset()), findings);
    }
}

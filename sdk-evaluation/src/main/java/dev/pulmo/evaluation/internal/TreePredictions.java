package dev.pulmo.evaluation.internal;

import com.fasterxml.jackson.core.JsonToken;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.evaluation.CocoImage;
import dev.pulmo.evaluation.CocoSegmentation;
import dev.pulmo.evaluation.Detection;
import dev.pulmo.evaluation.EvaluationException;
import dev.pulmo.evaluation.IouType;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.GeometryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model's predictions for a dataset tree, looked up image by image while the tree streams by:
 * <ul>
 *   <li>a COCO results file (streamed once into a {@link SpilledResults} spill file, not held in memory), whose results name their
 *   image by export-coco's {@code image_id} or by {@code file_name} (the DICOM path relative to {@code lung_cancer/},
 *   or just the file's name) and their category by export-coco's ids;</li>
 *   <li>or a folder mirroring the tree, with a guideline JSON per image ({@code json/<stem>.json} in the image's
 *   series folder, relative to the folder or to a {@code lung_cancer} folder inside it) whose annotations carry a
 *   {@code score}: boxes {@code [x1, y1, x2, y2]}, rings in {@code segmentation}, guideline category ids. An image
 *   without a file has no detections. Box predictions are treated as COCO box results ({@code area = w * h});
 *   for {@code segm} as mask results (the ring, else the box, rasterised as pycocotools does; area = its pixels).</li>
 * </ul>
 * Thread-safe.
 */
public abstract sealed class TreePredictions implements AutoCloseable {

    /** The detections of one image, ids from 1. */
    public abstract List<Detection> of(CocoImage image, String modality, Path relativeJson, IouType iouType);

    /** What did not fit, reported once the tree has been walked. */
    public abstract List<Finding> findings();

    /** Detections read. */
    public abstract long detections();

    /** Frees what the predictions hold (a COCO results file's spill file). */
    @Override
    public void close() {
    }

    /** Opens {@code source}: a COCO results file, or a folder of guideline JSON files with scores. */
    public static TreePredictions open(Path source, DatasetLayout layout) {
        if (Files.isDirectory(source)) {
            return new GuidelineFolder(DatasetLayout.rootOf(source), layout.catalog());
        }
        if (!Files.isRegularFile(source)) {
            throw new EvaluationException(source + ": no such file or folder of predictions");
        }
        return new ResultsFile(SpilledResults.read(source));
    }

    /** A COCO results file, streamed once into a spill file and looked up image by image. */
    static final class ResultsFile extends TreePredictions {
        private final SpilledResults spill;
        private final BitSet used = new BitSet();
        private final AtomicLong count = new AtomicLong();

        ResultsFile(SpilledResults spill) {
            this.spill = spill;
        }

        @Override
        public List<Detection> of(CocoImage image, String modality, Path relativeJson, IouType iouType) {
            List<SpilledResults.Indexed> raw = new ArrayList<>(spill.ofImage(image.id()));
            String name = image.fileName(), last = name.substring(name.lastIndexOf('/') + 1);
            raw.addAll(spill.named(name));
            if (!last.equals(name)) {
                raw.addAll(spill.named(last));
            }
            raw.sort(Comparator.comparingInt(SpilledResults.Indexed::index));
            List<Detection> out = new ArrayList<>(raw.size());
            for (SpilledResults.Indexed r : raw) {
                out.add(CocoJsonReader.detection(spill.file(), spill.boxes(), r.index(), r.result(), image, iouType));
            }
            synchronized (used) {
                raw.forEach(r -> used.set(r.index()));
            }
            count.addAndGet(out.size());
            return out;
        }

        @Override
        public List<Finding> findings() {
            int unused;
            synchronized (used) {
                unused = spill.results() - used.cardinality();
            }
            return unused == 0 ? List.of() : List.of(Finding.info("evaluate.prediction-unused", Location.ofFile(spill.file().toString()),
                    unused + " results name images that were not evaluated (not in the tree, or left out by --modality or --split)"));
        }

        @Override
        public long detections() {
            return count.get();
        }

        @Override
        public void close() {
            spill.close();
        }
    }

    /** Guideline JSON files with scores, in a folder that mirrors the tree. */
    static final class GuidelineFolder extends TreePredictions {
        private final Path root;
        private final ModalityCatalog catalog;
        private final ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong missing = new AtomicLong();

        GuidelineFolder(Path root, ModalityCatalog catalog) {
            this.root = root;
            this.catalog = catalog;
        }

        @Override
        public List<Detection> of(CocoImage image, String modality, Path relativeJson, IouType iouType) {
            Path file = root.resolve(relativeJson);
            if (!Files.isRegularFile(file)) {
                missing.incrementAndGet();
                return List.of();
            }
            List<Detection> out = new ArrayList<>();
            try (JsonInput in = JsonInput.open(file)) {
                in.next();
                in.require(JsonToken.START_OBJECT, "a guideline JSON object");
                while (in.next() == JsonToken.FIELD_NAME) {
                    String field = in.fieldName();
                    in.next();
                    if (!field.equals("annotations")) {
                        in.skip();
                        continue;
                    }
                    in.require(JsonToken.START_ARRAY, "an array of annotations");
                    int index = 0;
                    while (in.next() != JsonToken.END_ARRAY) {
                        in.require(JsonToken.START_OBJECT, "an annotation object");
                        Detection d = annotation(in, file, index++, out.size() + 1L, image, modality, iouType);
                        if (d != null) {
                            out.add(d);
                        }
                    }
                }
            } catch (EvaluationException e) {
                findings.add(Finding.error("evaluate.prediction-unreadable", Location.ofFile(file.toString()),
                        "the image's predictions are left out: " + e.getMessage()));
                return List.of();
            }
            count.addAndGet(out.size());
            return out;
        }

        private Detection annotation(JsonInput in, Path file, int index, long id, CocoImage image, String modality, IouType iouType) {
            Integer category = null;
            Double score = null;
            double[] box = null, ring = null;
            while (in.next() == JsonToken.FIELD_NAME) {
                String field = in.fieldName();
                in.next();
                switch (field) {
                    case "category_id" -> category = in.intValue();
                    case "score" -> score = in.number();
                    case "bbox" -> box = in.numbers();
                    case "segmentation" -> ring = in.current() == JsonToken.START_ARRAY ? in.numbers() : skipped(in);
                    default -> in.skip();
                }
            }
            String where = file + " /annotations/" + index;
            if (category == null || score == null || box == null || box.length != 4) {
                throw new EvaluationException(where + ": a prediction needs \"category_id\", \"score\" and \"bbox\" [x1, y1, x2, y2]");
            }
            int guidelineId = category;
            OptionalInt cocoId = catalog.find(modality).flatMap(p -> p.categoryTable().byId(guidelineId)).isPresent()
                    ? CocoExport.cocoCategoryId(catalog, modality, guidelineId) : OptionalInt.empty();
            if (cocoId.isEmpty()) {
                findings.add(Finding.warning("evaluate.category-unknown", Location.of(file.toString(), "/annotations/" + index),
                        "category " + category + " is not in the " + modality + " table: prediction left out"));
                return null;
            }
            double[] coco = {box[0], box[1], box[2] - box[0], box[3] - box[1]};
            if (iouType == IouType.BBOX) {
                return new Detection(id, cocoId.getAsInt(), score, coco[2] * coco[3], coco, null);
            }
            double[] polygon = ring != null && ring.length >= 6 ? ring
                    : new double[] {box[0], box[1], box[2], box[1], box[2], box[3], box[0], box[3]};
            try {
                CocoRle rle = CocoRle.fromPolygon(polygon, image.width(), image.height());
                return new Detection(id, cocoId.getAsInt(), score, rle.area(), coco, new CocoSegmentation.Rle(rle));
            } catch (GeometryException e) {
                throw new EvaluationException(where + "/segmentation: " + e.getMessage(), e);
            }
        }

        private static double[] skipped(JsonInput in) {
            in.skip();
            return null;
        }

        @Override
        public List<Finding> findings() {
            List<Finding> out = new ArrayList<>(findings);
            if (missing.get() > 0) {
                out.add(Finding.info("evaluate.prediction-missing", Location.ofFile(root.toString()),
                        missing.get() + " images have no prediction file: evaluated as images without detections"));
            }
            return out;
        }

        @Override
        public long detections() {
            return count.get();
        }
    }
}

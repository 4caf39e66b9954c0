package dev.pulmo.evaluation;

import com.fasterxml.jackson.core.JsonToken;
import dev.pulmo.evaluation.internal.JsonInput;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.GeometryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * COCO files read as pycocotools reads them for COCOeval: the ground truth as {@code COCO(file)} indexes it, and a
 * results file as {@code COCO.loadRes} turns it into detections.
 *
 * <p>Ground truth: {@code images} (id, file_name, width, height, and {@code modality} when present),
 * {@code categories} (id, name) and {@code annotations} (id, image_id, category_id, iscrowd (absent = 0), area,
 * bbox, segmentation as polygons, uncompressed or compressed RLE). An annotation whose image or category is not
 * listed is left out, as COCOeval leaves it out; a repeated image or category id keeps the last entry.
 * {@code area} is required: COCOeval never recomputes it.
 *
 * <p>Results (a JSON array), as {@code loadRes}: ids 1, 2, … in file order; the kind is decided by the first
 * entry. Box results ({@code bbox} present and not empty): {@code area = w * h} of the box, unclipped, and, when the
 * entry has no {@code segmentation}, the region is the box's polygon. Mask results: {@code area} is the mask's
 * pixel count and {@code bbox}, when absent, pycocotools' {@code toBbox} of the mask. Besides pycocotools, a result
 * may name its image by {@code file_name} (the ground truth's, or its last path element when that is unique)
 * instead of {@code image_id}, and mask results may be polygons or uncompressed RLE (rasterised at the image's
 * size). A result whose image is not in the ground truth is an error (pycocotools asserts); one whose category is
 * not is left out and counted.
 */
public final class CocoFiles {
    private CocoFiles() {
    }

    /** A COCO ground truth file, indexed. */
    public record GroundTruth(Path file, List<CocoImage> images, List<CocoCategory> categories,
                              Map<Long, List<GroundTruthObject>> objectsByImage) {
        public GroundTruth {
            images = List.copyOf(images);
            categories = List.copyOf(categories);
            objectsByImage = Collections.unmodifiableMap(new HashMap<>(objectsByImage));
        }

        /** The ground truth of image {@code id}, in file order. */
        public List<GroundTruthObject> objectsOf(long id) {
            return objectsByImage.getOrDefault(id, List.of());
        }

        /** Every annotation kept. */
        public long objectCount() {
            return objectsByImage.values().stream().mapToLong(List::size).sum();
        }
    }

    /** A results file as detections by image id, and how many results were left out for an unknown category. */
    public record Results(Path file, Map<Long, List<Detection>> byImage, long detections, long unknownCategory) {
        public Results {
            byImage = Collections.unmodifiableMap(new HashMap<>(byImage));
        }

        /** The detections of image {@code id}, in file order. */
        public List<Detection> of(long id) {
            return byImage.getOrDefault(id, List.of());
        }
    }

    /**
     * Reads a COCO ground truth file.
     *
     * @throws EvaluationException naming the file and JSON Pointer of anything that is not COCO
     */
    public static GroundTruth readGroundTruth(Path file) {
        Map<Long, CocoImage> images = new LinkedHashMap<>();
        Map<Integer, CocoCategory> categories = new LinkedHashMap<>();
        List<RawAnnotation> annotations = new ArrayList<>();
        try (JsonInput in = JsonInput.open(file)) {
            in.next();
            in.require(JsonToken.START_OBJECT, "a COCO object with images, annotations and categories");
            boolean sawImages = false, sawAnnotations = false, sawCategories = false;
            while (in.next() == JsonToken.FIELD_NAME) {
                String field = in.fieldName();
                in.next();
                switch (field) {
                    case "images" -> {
                        sawImages = true;
                        eachObject(in, () -> {
                            CocoImage image = image(in);
                            images.remove(image.id());
                            images.put(image.id(), image);
                        });
                    }
                    case "categories" -> {
                        sawCategories = true;
                        eachObject(in, () -> {
                            CocoCategory c = category(in);
                            categories.put(c.id(), c);
                        });
                    }
                    case "annotations" -> {
                        sawAnnotations = true;
                        eachObject(in, () -> annotations.add(annotation(in)));
                    }
                    default -> in.skip();
                }
            }
            if (!sawImages || !sawCategories) {
                throw new EvaluationException(file + ": a COCO ground truth needs \"images\" and \"categories\""
                        + (sawAnnotations ? "" : " (and \"annotations\")"));
            }
        }
        Map<Long, List<GroundTruthObject>> byImage = new HashMap<>();
        for (RawAnnotation a : annotations) {
            if (images.containsKey(a.imageId) && categories.containsKey(a.object.categoryId())) {
                byImage.computeIfAbsent(a.imageId, k -> new ArrayList<>()).add(a.object);
            }
        }
        return new GroundTruth(file, new ArrayList<>(images.values()), new ArrayList<>(categories.values()), byImage);
    }

    private record RawAnnotation(long imageId, GroundTruthObject object) {
    }

    private static CocoImage image(JsonInput in) {
        Long id = null;
        String fileName = "", modality = "";
        int width = 0, height = 0;
        String at = in.pointer();
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "id" -> id = in.integer();
                case "file_name" -> fileName = in.current() == JsonToken.VALUE_STRING ? in.string() : skipped(in);
                case "width" -> width = in.intValue();
                case "height" -> height = in.intValue();
                case "modality" -> modality = in.current() == JsonToken.VALUE_STRING ? in.string() : skipped(in);
                default -> in.skip();
            }
        }
        if (id == null) {
            throw new EvaluationException(in.name() + " " + at + ": an image needs an \"id\"");
        }
        return new CocoImage(id, fileName, width, height, modality);
    }

    private static String skipped(JsonInput in) {
        in.skip();
        return "";
    }

    private static CocoCategory category(JsonInput in) {
        Integer id = null;
        String name = "";
        String at = in.pointer();
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "id" -> id = in.intValue();
                case "name" -> name = in.current() == JsonToken.VALUE_STRING ? in.string() : skipped(in);
                default -> in.skip();
            }
        }
        if (id == null) {
            throw new EvaluationException(in.name() + " " + at + ": a category needs an \"id\"");
        }
        return new CocoCategory(id, name);
    }

    private static RawAnnotation annotation(JsonInput in) {
        Long id = null, imageId = null;
        Integer category = null;
        Double area = null;
        boolean crowd = false;
        double[] bbox = null;
        CocoSegmentation segmentation = null;
        String at = in.pointer();
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "id" -> id = in.integer();
                case "image_id" -> imageId = in.integer();
                case "category_id" -> category = in.intValue();
                case "iscrowd" -> crowd = in.truthy();
                case "area" -> area = in.number();
                case "bbox" -> bbox = box(in);
                case "segmentation" -> segmentation = segmentation(in);
                default -> in.skip();
            }
        }
        String where = in.name() + " " + at + ": ";
        if (id == null || imageId == null || category == null) {
            throw new EvaluationException(where + "an annotation needs \"id\", \"image_id\" and \"category_id\"");
        }
        if (area == null) {
            throw new EvaluationException(where + "annotation " + id + " has no \"area\"; COCOeval reads the area range from it");
        }
        if (bbox == null && segmentation == null) {
            throw new EvaluationException(where + "annotation " + id + " has neither \"bbox\" nor \"segmentation\"");
        }
        return new RawAnnotation(imageId, new GroundTruthObject(id, category, crowd, area, bbox, segmentation));
    }

    private static double[] box(JsonInput in) {
        double[] b = in.numbers();
        if (b.length != 4) {
            throw in.error("expected 4 numbers [x, y, w, h], found " + b.length);
        }
        return b;
    }

    private static CocoSegmentation segmentation(JsonInput in) {
        if (in.current() == JsonToken.START_ARRAY) {
            List<double[]> polygons = new ArrayList<>();
            while (in.next() != JsonToken.END_ARRAY) {
                polygons.add(in.numbers());
            }
            if (polygons.isEmpty()) {
                throw in.error("expected at least one polygon [x0, y0, x1, y1, …]");
            }
            return new CocoSegmentation.Polygons(polygons);
        }
        in.require(JsonToken.START_OBJECT, "polygons [[x0, y0, …]] or an RLE {\"size\": [h, w], \"counts\": …}");
        String at = in.pointer();
        double[] size = null;
        String compressed = null;
        double[] uncompressed = null;
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "size" -> size = in.numbers();
                case "counts" -> {
                    if (in.current() == JsonToken.VALUE_STRING) {
                        compressed = in.string();
                    } else {
                        uncompressed = in.numbers();
                    }
                }
                default -> in.skip();
            }
        }
        if (size == null || size.length != 2 || (compressed == null && uncompressed == null)) {
            throw new EvaluationException(in.name() + " " + at + ": an RLE needs \"size\": [h, w] and \"counts\"");
        }
        int h = (int) size[0], w = (int) size[1];
        if (h != size[0] || w != size[1] || h < 1 || w < 1) {
            throw new EvaluationException(in.name() + " " + at + "/size: expected two positive whole numbers [h, w]");
        }
        if (compressed != null) {
            return new CocoSegmentation.CompressedRle(compressed, h, w);
        }
        int[] counts = new int[uncompressed.length];
        for (int i = 0; i < counts.length; i++) {
            if (uncompressed[i] != Math.rint(uncompressed[i]) || uncompressed[i] < 0 || uncompressed[i] > Integer.MAX_VALUE) {
                throw new EvaluationException(in.name() + " " + at + "/counts/" + i + ": expected a count ≥ 0, found " + uncompressed[i]);
            }
            counts[i] = (int) uncompressed[i];
        }
        return new CocoSegmentation.UncompressedRle(counts, h, w);
    }

    private static void eachObject(JsonInput in, Runnable body) {
        in.require(JsonToken.START_ARRAY, "an array of objects");
        while (in.next() != JsonToken.END_ARRAY) {
            in.require(JsonToken.START_OBJECT, "an object");
            body.run();
        }
    }

    /**
     * Reads a COCO results file against {@code groundTruth}, keeping what an {@code iouType} evaluation needs
     * (regions are decoded only for {@code segm}).
     *
     * @throws EvaluationException naming the file and JSON Pointer of a malformed result, a result whose image is not
     *     in the ground truth, or a mask that cannot be decoded
     */
    public static Results readResults(Path file, GroundTruth groundTruth, IouType iouType) {
        Map<Long, CocoImage> images = new HashMap<>();
        Map<String, CocoImage> byName = new HashMap<>();
        Map<String, CocoImage> byLastName = new HashMap<>();
        for (CocoImage i : groundTruth.images()) {
            images.put(i.id(), i);
            byName.put(i.fileName(), i);
            String last = i.fileName().substring(i.fileName().lastIndexOf('/') + 1);
            byLastName.merge(last, i, (a, b) -> a.id() == b.id() ? a : null);
        }
        List<RawResult> raw = new ArrayList<>();
        try (JsonInput in = JsonInput.open(file)) {
            in.next();
            in.require(JsonToken.START_ARRAY, "a COCO results array [{\"image_id\", \"category_id\", \"bbox\" or \"segmentation\", \"score\"}, …]");
            while (in.next() != JsonToken.END_ARRAY) {
                in.require(JsonToken.START_OBJECT, "a result object");
                raw.add(result(in, images, byName, byLastName));
            }
        }
        if (raw.isEmpty()) {
            return new Results(file, Map.of(), 0, 0);
        }
        boolean boxes = raw.get(0).bbox != null && raw.get(0).bbox.length > 0;
        if (!boxes && raw.get(0).segmentation == null) {
            throw new EvaluationException(file + " /0: the first result has neither a \"bbox\" nor a \"segmentation\"");
        }
        Map<Integer, Boolean> known = new HashMap<>();
        groundTruth.categories().forEach(c -> known.put(c.id(), true));
        Detection[] detections = new Detection[raw.size()];
        IntStream.range(0, raw.size()).parallel().forEach(i -> {
            RawResult r = raw.get(i);
            if (known.containsKey(r.category)) {
                detections[i] = boxes ? boxResult(file, i, r, iouType) : maskResult(file, i, r, iouType);
            }
        });
        Map<Long, List<Detection>> byImage = new HashMap<>();
        long unknown = 0;
        for (int i = 0; i < detections.length; i++) {
            if (detections[i] == null) {
                unknown++;
            } else {
                byImage.computeIfAbsent(raw.get(i).image.id(), k -> new ArrayList<>()).add(detections[i]);
            }
        }
        return new Results(file, byImage, raw.size() - unknown, unknown);
    }

    private record RawResult(CocoImage image, int category, double score, double[] bbox, CocoSegmentation segmentation) {
    }

    private static RawResult result(JsonInput in, Map<Long, CocoImage> images, Map<String, CocoImage> byName,
                                    Map<String, CocoImage> byLastName) {
        String at = in.pointer();
        CocoImage image = null;
        Integer category = null;
        Double score = null;
        double[] bbox = null;
        CocoSegmentation segmentation = null;
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "image_id" -> {
                    long id = in.integer();
                    image = images.get(id);
                    if (image == null) {
                        throw in.error("image " + id + " is not in the ground truth");
                    }
                }
                case "file_name" -> {
                    String name = in.string();
                    CocoImage found = byName.get(name);
                    if (found == null) {
                        found = byLastName.get(name.substring(name.lastIndexOf('/') + 1));
                    }
                    if (found == null) {
                        throw in.error("no image of the ground truth has file_name '" + name + "' (or that last path element, once)");
                    }
                    if (image != null && image.id() != found.id()) {
                        throw in.error("file_name '" + name + "' is image " + found.id() + " but image_id says " + image.id());
                    }
                    image = found;
                }
                case "category_id" -> category = in.intValue();
                case "score" -> score = in.number();
                case "bbox" -> bbox = in.numbers();
                case "segmentation" -> segmentation = segmentation(in);
                default -> in.skip();
            }
        }
        String where = in.name() + " " + at + ": ";
        if (image == null || category == null || score == null) {
            throw new EvaluationException(where + "a result needs \"image_id\" (or \"file_name\"), \"category_id\" and \"score\"");
        }
        return new RawResult(image, category, score, bbox, segmentation);
    }

    private static Detection boxResult(Path file, int index, RawResult r, IouType iouType) {
        if (r.bbox == null || r.bbox.length != 4) {
            throw new EvaluationException(file + " /" + index + "/bbox: the results are boxes (decided by the first), so every "
                    + "result needs 4 numbers [x, y, w, h]" + (r.bbox == null ? "" : ", found " + r.bbox.length));
        }
        double[] b = r.bbox;
        CocoSegmentation segmentation = null;
        if (iouType == IouType.SEGM) {
            double x1 = b[0], x2 = b[0] + b[2], y1 = b[1], y2 = b[1] + b[3];
            segmentation = r.segmentation != null ? r.segmentation
                    : new CocoSegmentation.Polygons(List.of(new double[] {x1, y1, x1, y2, x2, y2, x2, y1}));
        }
        return new Detection(index + 1L, r.category, r.score, b[2] * b[3], b, segmentation);
    }

    private static Detection maskResult(Path file, int index, RawResult r, IouType iouType) {
        if (r.segmentation == null) {
            throw new EvaluationException(file + " /" + index + ": the results are masks (decided by the first), so every "
                    + "result needs a \"segmentation\"");
        }
        CocoRle rle;
        try {
            rle = r.segmentation.toRle(r.image.width(), r.image.height());
        } catch (GeometryException e) {
            throw new EvaluationException(file + " /" + index + "/segmentation: " + e.getMessage(), e);
        }
        if (r.bbox != null && r.bbox.length != 4) {
            throw new EvaluationException(file + " /" + index + "/bbox: expected 4 numbers [x, y, w, h], found " + r.bbox.length);
        }
        double[] bbox = r.bbox != null ? r.bbox : rle.toBbox();
        return new Detection(index + 1L, r.category, r.score, rle.area(), iouType == IouType.BBOX ? bbox : null,
                iouType == IouType.SEGM ? new CocoSegmentation.Rle(rle) : null);
    }

    /**
     * COCOeval's {@code evaluate} on files read here: every image of the ground truth (with or without detections)
     * added to a new evaluator, images in parallel on the common fork-join pool.
     */
    public static CocoEvaluator evaluate(GroundTruth groundTruth, Results results, IouType iouType, CocoParams params) {
        CocoEvaluator evaluator = CocoEvaluator.create(groundTruth.categories(), iouType, params);
        groundTruth.images().parallelStream().forEach(image ->
                evaluator.add(image, groundTruth.objectsOf(image.id()), results.of(image.id())));
        return evaluator;
    }
}

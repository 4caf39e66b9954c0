package dev.pulmo.evaluation.internal;

import com.fasterxml.jackson.core.JsonToken;
import dev.pulmo.evaluation.CocoCategory;
import dev.pulmo.evaluation.CocoImage;
import dev.pulmo.evaluation.CocoSegmentation;
import dev.pulmo.evaluation.Detection;
import dev.pulmo.evaluation.EvaluationException;
import dev.pulmo.evaluation.GroundTruthObject;
import dev.pulmo.evaluation.IouType;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.GeometryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The parsing behind {@code CocoFiles}: COCO ground truth and results JSON, streamed, every value checked and every
 * error placed by JSON Pointer; and pycocotools' {@code loadRes} rules that turn a result into a {@link Detection}
 * once its image is known (so a caller that learns its images while streaming a dataset can apply them late).
 */
public final class CocoJsonReader {
    private CocoJsonReader() {
    }

    /** A ground truth file as read: images and categories (a repeated id keeps the last), every annotation. */
    public record GroundTruthParts(Map<Long, CocoImage> images, Map<Integer, CocoCategory> categories,
                                   List<Annotation> annotations) {
    }

    /** An annotation with the image it names. */
    public record Annotation(long imageId, GroundTruthObject object) {
    }

    /**
     * One result as written: its image by id ({@code hasImageId}) or file name (may be null), the rest as given
     * ({@code bbox} and {@code segmentation} null when absent).
     */
    public record RawResult(boolean hasImageId, long imageId, String fileName, int category, double score, double[] bbox,
                            CocoSegmentation segmentation) {
    }

    /** A results file as read; {@code boxes} is loadRes's kind, decided by the first entry. */
    public record RawResults(Path file, List<RawResult> results, boolean boxes) {

        /**
         * Result {@code index} as {@code loadRes} makes it, on {@code image}. The box is always kept (it places a
         * FROC candidate); the region only for {@code segm}.
         *
         * @throws EvaluationException when the result lacks what its kind needs or its mask cannot be decoded
         */
        public Detection detection(int index, CocoImage image, IouType iouType) {
            return CocoJsonReader.detection(file, boxes, index, results.get(index), image, iouType);
        }
    }

    /** Receives the results of a file one by one, in file order, as they are parsed. */
    @FunctionalInterface
    public interface ResultSink {
        /**
         * @param index the result's position in the file (0, 1, …)
         * @param boxes loadRes's kind of the whole file, decided by the first result: boxes, or masks
         */
        void accept(int index, RawResult result, boolean boxes);
    }

    /**
     * Result {@code r} (at {@code index} of {@code file}) as {@code loadRes} makes it, on {@code image}: the id is
     * {@code index + 1}; box results ({@code boxes}) have {@code area = w * h}, mask results the mask's pixel count.
     * The box is always kept (it places a FROC candidate); the region only for {@code segm}.
     *
     * @throws EvaluationException when the result lacks what its kind needs or its mask cannot be decoded
     */
    public static Detection detection(Path file, boolean boxes, int index, RawResult r, CocoImage image, IouType iouType) {
        return boxes ? boxResult(file, index, r, iouType) : maskResult(file, index, r, image, iouType);
    }

    private static Detection boxResult(Path file, int index, RawResult r, IouType iouType) {
        if (r.bbox() == null || r.bbox().length != 4) {
            throw new EvaluationException(file + " /" + index + "/bbox: the results are boxes (decided by the first), so every "
                    + "result needs 4 numbers [x, y, w, h]" + (r.bbox() == null ? "" : ", found " + r.bbox().length));
        }
        double[] b = r.bbox();
        CocoSegmentation segmentation = null;
        if (iouType == IouType.SEGM) {
            double x1 = b[0], x2 = b[0] + b[2], y1 = b[1], y2 = b[1] + b[3];
            segmentation = r.segmentation() != null ? r.segmentation()
                    : new CocoSegmentation.Polygons(List.of(new double[] {x1, y1, x1, y2, x2, y2, x2, y1}));
        }
        return new Detection(index + 1L, r.category(), r.score(), b[2] * b[3], b, segmentation);
    }

    private static Detection maskResult(Path file, int index, RawResult r, CocoImage image, IouType iouType) {
        if (r.segmentation() == null) {
            throw new EvaluationException(file + " /" + index + ": the results are masks (decided by the first), so every "
                    + "result needs a \"segmentation\"");
        }
        boolean box = r.bbox() != null && r.bbox().length == 4;
        if (r.bbox() != null && !box && iouType == IouType.BBOX) {
            throw new EvaluationException(file + " /" + index + "/bbox: expected 4 numbers [x, y, w, h], found " + r.bbox().length);
        }
        CocoRle rle;
        try {
            rle = r.segmentation().toRle(image.width(), image.height());
        } catch (GeometryException e) {
            throw new EvaluationException(file + " /" + index + "/segmentation: " + e.getMessage(), e);
        }
        // loadRes keeps a bbox the result has; a segm evaluation never reads it, so a malformed one is replaced there
        double[] bbox = box ? r.bbox() : rle.toBbox();
        return new Detection(index + 1L, r.category(), r.score(), rle.area(), bbox,
                iouType == IouType.SEGM ? new CocoSegmentation.Rle(rle) : null);
    }

    /** Reads a COCO ground truth file. */
    public static GroundTruthParts readGroundTruth(Path file) {
        Map<Long, CocoImage> images = new LinkedHashMap<>();
        Map<Integer, CocoCategory> categories = new LinkedHashMap<>();
        List<Annotation> annotations = new ArrayList<>();
        try (JsonInput in = JsonInput.open(file)) {
            in.next();
            in.require(JsonToken.START_OBJECT, "a COCO object with images, annotations and categories");
            boolean sawImages = false, sawCategories = false;
            while (in.next() == JsonToken.FIELD_NAME) {
                String field = in.fieldName();
                in.next();
                switch (field) {
                    case "images" -> {
                        sawImages = true;
                        eachObject(in, index -> {
                            CocoImage image = image(in, "/images/" + index);
                            images.remove(image.id());
                            images.put(image.id(), image);
                        });
                    }
                    case "categories" -> {
                        sawCategories = true;
                        eachObject(in, index -> {
                            CocoCategory c = category(in, "/categories/" + index);
                            categories.put(c.id(), c);
                        });
                    }
                    case "annotations" -> eachObject(in, index -> annotations.add(annotation(in, index)));
                    default -> in.skip();
                }
            }
            if (!sawImages || !sawCategories) {
                throw new EvaluationException(file + ": a COCO ground truth needs \"images\" and \"categories\"");
            }
        }
        return new GroundTruthParts(images, categories, annotations);
    }

    /** Reads a COCO results file (a JSON array of results) into memory. */
    public static RawResults readResults(Path file) {
        List<RawResult> raw = new ArrayList<>();
        boolean boxes = streamResults(file, (index, r, b) -> raw.add(r));
        return new RawResults(file, raw, boxes);
    }

    /**
     * Streams a COCO results file (a JSON array of results) to {@code sink}, one result at a time: only the result
     * being parsed is in memory here.
     *
     * @return loadRes's kind: true for box results (the first result has a non-empty {@code bbox}), false for masks
     *     (also for a file without results)
     * @throws EvaluationException naming the file and JSON Pointer of what is not a result, or a first result with
     *     neither a box nor a segmentation
     */
    public static boolean streamResults(Path file, ResultSink sink) {
        boolean boxes = false;
        try (JsonInput in = JsonInput.open(file)) {
            in.next();
            in.require(JsonToken.START_ARRAY, "a COCO results array [{\"image_id\", \"category_id\", \"bbox\" or \"segmentation\", \"score\"}, …]");
            int index = 0;
            while (in.next() != JsonToken.END_ARRAY) {
                in.require(JsonToken.START_OBJECT, "a result object");
                RawResult r = result(in, index);
                if (index == 0) {
                    boxes = r.bbox() != null && r.bbox().length > 0;
                    if (!boxes && r.segmentation() == null) {
                        throw new EvaluationException(file + " /0: the first result has neither a \"bbox\" nor a \"segmentation\"");
                    }
                }
                sink.accept(index++, r, boxes);
            }
        }
        return boxes;
    }

    private static CocoImage image(JsonInput in, String at) {
        Long id = null;
        String fileName = "", modality = "";
        int width = 0, height = 0;
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "id" -> id = in.integer();
                case "file_name" -> fileName = optionalString(in);
                case "width" -> width = in.intValue();
                case "height" -> height = in.intValue();
                case "modality" -> modality = optionalString(in);
                default -> in.skip();
            }
        }
        if (id == null) {
            throw new EvaluationException(in.name() + " " + at + ": an image needs an \"id\"");
        }
        return new CocoImage(id, fileName, width, height, modality);
    }

    private static String optionalString(JsonInput in) {
        if (in.current() == JsonToken.VALUE_STRING) {
            return in.string();
        }
        in.skip();
        return "";
    }

    private static CocoCategory category(JsonInput in, String at) {
        Integer id = null;
        String name = "";
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "id" -> id = in.intValue();
                case "name" -> name = optionalString(in);
                default -> in.skip();
            }
        }
        if (id == null) {
            throw new EvaluationException(in.name() + " " + at + ": a category needs an \"id\"");
        }
        return new CocoCategory(id, name);
    }

    private static Annotation annotation(JsonInput in, int index) {
        Long id = null, imageId = null;
        Integer category = null;
        Double area = null;
        boolean crowd = false;
        double[] bbox = null;
        CocoSegmentation segmentation = null;
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "id" -> id = in.integer();
                case "image_id" -> imageId = in.integer();
                case "category_id" -> category = in.intValue();
                case "iscrowd" -> crowd = in.truthy();
                case "area" -> area = in.number();
                case "bbox" -> {
                    // only a bbox evaluation reads it: one that is not 4 numbers counts as absent (an error there)
                    double[] b = in.numbers();
                    bbox = b.length == 4 ? b : null;
                }
                case "segmentation" -> segmentation = segmentation(in, () -> "/annotations/" + index + "/segmentation");
                default -> in.skip();
            }
        }
        String where = in.name() + " /annotations/" + index + ": ";
        if (id == null || imageId == null || category == null) {
            throw new EvaluationException(where + "an annotation needs \"id\", \"image_id\" and \"category_id\"");
        }
        if (area == null) {
            throw new EvaluationException(where + "annotation " + id + " has no \"area\"; COCOeval reads the area range from it");
        }
        if (bbox == null && segmentation == null) {
            throw new EvaluationException(where + "annotation " + id + " has neither \"bbox\" nor \"segmentation\"");
        }
        return new Annotation(imageId, new GroundTruthObject(id, category, crowd, area, bbox, segmentation));
    }

    private static RawResult result(JsonInput in, int index) {
        // primitives and flags rather than boxed values: this runs once per result, 500,000 times for a large file
        long imageId = 0;
        int category = 0;
        double score = 0;
        boolean hasImageId = false, hasCategory = false, hasScore = false;
        String fileName = null;
        double[] bbox = null;
        CocoSegmentation segmentation = null;
        while (in.next() == JsonToken.FIELD_NAME) {
            String field = in.fieldName();
            in.next();
            switch (field) {
                case "image_id" -> {
                    imageId = in.integer();
                    hasImageId = true;
                }
                case "file_name" -> fileName = in.string();
                case "category_id" -> {
                    category = in.intValue();
                    hasCategory = true;
                }
                case "score" -> {
                    score = in.number();
                    hasScore = true;
                }
                case "bbox" -> bbox = in.numbers();
                case "segmentation" -> segmentation = segmentation(in, index);
                default -> in.skip();
            }
        }
        if ((!hasImageId && fileName == null) || !hasCategory || !hasScore) {
            throw new EvaluationException(in.name() + " /" + index
                    + ": a result needs \"image_id\" (or \"file_name\"), \"category_id\" and \"score\"");
        }
        return new RawResult(hasImageId, imageId, fileName, category, score, bbox, segmentation);
    }

    private static CocoSegmentation segmentation(JsonInput in, int resultIndex) {
        return segmentation(in, () -> "/" + resultIndex + "/segmentation");
    }

    /** COCO's {@code segmentation}: polygons, or an RLE with a compressed string or uncompressed counts. */
    static CocoSegmentation segmentation(JsonInput in, Supplier<String> where) {
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
            throw new EvaluationException(in.name() + " " + where.get() + ": an RLE needs \"size\": [h, w] and \"counts\"");
        }
        int h = (int) size[0], w = (int) size[1];
        if (h != size[0] || w != size[1] || h < 1 || w < 1) {
            throw new EvaluationException(in.name() + " " + where.get() + "/size: expected two positive whole numbers [h, w]");
        }
        if (compressed != null) {
            return new CocoSegmentation.CompressedRle(compressed, h, w);
        }
        int[] counts = new int[uncompressed.length];
        for (int i = 0; i < counts.length; i++) {
            if (uncompressed[i] != Math.rint(uncompressed[i]) || uncompressed[i] < 0 || uncompressed[i] > Integer.MAX_VALUE) {
                throw new EvaluationException(in.name() + " " + where.get() + "/counts/" + i + ": expected a count ≥ 0, found " + uncompressed[i]);
            }
            counts[i] = (int) uncompressed[i];
        }
        return new CocoSegmentation.UncompressedRle(counts, h, w);
    }

    private static void eachObject(JsonInput in, IntConsumer body) {
        in.require(JsonToken.START_ARRAY, "an array of objects");
        int index = 0;
        while (in.next() != JsonToken.END_ARRAY) {
            in.require(JsonToken.START_OBJECT, "an object");
            body.accept(index++);
        }
    }
}

package dev.pulmo.evaluation;

import dev.pulmo.evaluation.internal.CocoJsonReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        CocoJsonReader.GroundTruthParts parts = CocoJsonReader.readGroundTruth(file);
        Map<Long, List<GroundTruthObject>> byImage = new HashMap<>();
        for (CocoJsonReader.Annotation a : parts.annotations()) {
            if (parts.images().containsKey(a.imageId()) && parts.categories().containsKey(a.object().categoryId())) {
                byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a.object());
            }
        }
        return new GroundTruth(file, new ArrayList<>(parts.images().values()), new ArrayList<>(parts.categories().values()), byImage);
    }

    /**
     * Reads a COCO results file against {@code groundTruth}, keeping what an {@code iouType} evaluation needs
     * (regions are kept only for {@code segm}; boxes always).
     *
     * @throws EvaluationException naming the file and JSON Pointer of a malformed result, a result whose image is not
     *     in the ground truth, or a mask that cannot be decoded
     */
    public static Results readResults(Path file, GroundTruth groundTruth, IouType iouType) {
        ImageIndex index = new ImageIndex(groundTruth.images());
        CocoJsonReader.RawResults raw = CocoJsonReader.readResults(file);
        List<CocoJsonReader.RawResult> results = raw.results();
        CocoImage[] images = new CocoImage[results.size()];
        for (int i = 0; i < images.length; i++) {
            images[i] = index.resolve(file, i, results.get(i));
        }
        Set<Integer> known = new HashSet<>();
        groundTruth.categories().forEach(c -> known.add(c.id()));
        Detection[] detections = new Detection[results.size()];
        IntStream.range(0, results.size()).parallel().forEach(i -> {
            if (known.contains(results.get(i).category())) {
                detections[i] = raw.detection(i, images[i], iouType);
            }
        });
        Map<Long, List<Detection>> byImage = new HashMap<>();
        long unknown = 0;
        for (int i = 0; i < detections.length; i++) {
            if (detections[i] == null) {
                unknown++;
            } else {
                byImage.computeIfAbsent(images[i].id(), k -> new ArrayList<>()).add(detections[i]);
            }
        }
        return new Results(file, byImage, results.size() - unknown, unknown);
    }

    /**
     * Finds the image a result names: by {@code image_id}, or by {@code file_name} (exactly, or its last path element
     * when that names one image only).
     */
    public static final class ImageIndex {
        private final Map<Long, CocoImage> byId = new HashMap<>();
        private final Map<String, CocoImage> byName = new HashMap<>();
        private final Map<String, Optional<CocoImage>> byLastName = new HashMap<>();

        public ImageIndex(Collection<CocoImage> images) {
            for (CocoImage i : images) {
                byId.put(i.id(), i);
                byName.put(i.fileName(), i);
                byLastName.merge(lastElement(i.fileName()), Optional.of(i), (a, b) -> Optional.empty());
            }
        }

        private static String lastElement(String name) {
            return name.substring(name.lastIndexOf('/') + 1);
        }

        /** The image with {@code id}, if any. */
        public Optional<CocoImage> byId(long id) {
            return Optional.ofNullable(byId.get(id));
        }

        /** The image named {@code fileName} (or by its last path element, when unique), if any. */
        public Optional<CocoImage> byFileName(String fileName) {
            CocoImage found = byName.get(fileName);
            return found != null ? Optional.of(found) : byLastName.getOrDefault(lastElement(fileName), Optional.empty());
        }

        CocoImage resolve(Path file, int index, CocoJsonReader.RawResult r) {
            CocoImage image = null;
            if (r.hasImageId()) {
                image = byId.get(r.imageId());
                if (image == null) {
                    throw new EvaluationException(file + " /" + index + "/image_id: image " + r.imageId() + " is not in the ground truth");
                }
            }
            if (r.fileName() != null) {
                CocoImage named = byFileName(r.fileName()).orElseThrow(() -> new EvaluationException(file + " /" + index
                        + "/file_name: no image of the ground truth has file_name '" + r.fileName() + "' (or that last path element, once)"));
                if (image != null && image.id() != named.id()) {
                    throw new EvaluationException(file + " /" + index + "/file_name: '" + r.fileName() + "' is image " + named.id()
                            + " but image_id says " + image.id());
                }
                image = named;
            }
            return image;
        }
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

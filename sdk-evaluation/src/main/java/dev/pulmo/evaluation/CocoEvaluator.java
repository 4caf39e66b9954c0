package dev.pulmo.evaluation;

import dev.pulmo.evaluation.internal.CocoAccumulation;
import dev.pulmo.evaluation.internal.CocoMatching;
import dev.pulmo.evaluation.internal.UnitResult;
import dev.pulmo.geometry.CocoIou;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.GeometryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;
import java.util.function.ToIntFunction;

/**
 * COCO detection evaluation identical to pycocotools' {@code COCOeval} ({@code evaluate}, {@code accumulate},
 * {@code summarize}), fed one image at a time so that a caller can stream a dataset: {@link #add} matches an
 * image's detections with its ground truth at once (IoU by {@link CocoIou}, matching by COCOeval's rules) and keeps
 * only scores and match outcomes; {@link #summarize()} accumulates over the images added so far.
 *
 * <p>As in COCOeval with its default {@code useCats=1}: images are taken in ascending id whatever order they were
 * added in; categories are the ground truth's, in ascending id, and objects of other categories are left out;
 * detections are cut per image <em>and category</em> to the largest detection limit after a stable sort by score.
 * A subset of images ({@link #summarize(LongPredicate)}) gives what COCOeval gives with {@code params.imgIds} set to
 * that subset (e.g. one modality).
 *
 * <p>{@link #add} may be called from several threads at once; {@code summarize} sees the images added before it.
 */
public final class CocoEvaluator {
    private final IouType iouType;
    private final CocoParams params;
    private final List<CocoCategory> categories;
    private final Map<Integer, Integer> categoryIndex = new HashMap<>();
    private final double[] areaMin;
    private final double[] areaMax;
    private final Map<Long, UnitResult[]> images = new ConcurrentHashMap<>();
    /** The last sort for {@code accumulate}, valid while no image is added (images are only ever added). */
    private Accumulated accumulated;

    private CocoEvaluator(Collection<CocoCategory> categories, IouType iouType, CocoParams params) {
        this.iouType = iouType;
        this.params = params;
        TreeMap<Integer, CocoCategory> unique = new TreeMap<>();
        for (CocoCategory c : categories) {
            unique.put(c.id(), c); // a repeated id keeps the last entry, as pycocotools' index does
        }
        this.categories = List.copyOf(unique.values());
        for (int k = 0; k < this.categories.size(); k++) {
            categoryIndex.put(this.categories.get(k).id(), k);
        }
        List<CocoParams.AreaRange> ranges = params.areaRanges();
        areaMin = new double[ranges.size()];
        areaMax = new double[ranges.size()];
        for (int a = 0; a < ranges.size(); a++) {
            areaMin[a] = ranges.get(a).min();
            areaMax[a] = ranges.get(a).max();
        }
    }

    /** An evaluator for the ground truth's {@code categories} (COCOeval's {@code catIds}). */
    public static CocoEvaluator create(Collection<CocoCategory> categories, IouType iouType, CocoParams params) {
        return new CocoEvaluator(categories, iouType, params);
    }

    public IouType iouType() {
        return iouType;
    }

    public CocoParams params() {
        return params;
    }

    /** The ground truth's categories, ascending by id. */
    public List<CocoCategory> categories() {
        return categories;
    }

    /**
     * Evaluates one image: its ground truth and detections, each in file order (the order breaks ties).
     *
     * @return how the image's detections matched at the first IoU threshold, area range and the largest limit
     * @throws EvaluationException when an object lacks the box or region the IoU type needs, a region cannot be
     *     decoded, or the image was added before
     */
    public ImageOutcome add(CocoImage image, List<GroundTruthObject> groundTruth, List<Detection> detections) {
        List<List<GroundTruthObject>> gtByCategory = byCategory(groundTruth, GroundTruthObject::categoryId);
        List<List<Detection>> dtByCategory = byCategory(detections, Detection::categoryId);
        List<UnitResult> units = new ArrayList<>();
        List<ImageOutcome.Match> matches = new ArrayList<>();
        List<Detection> unmatched = new ArrayList<>();
        List<GroundTruthObject> missed = new ArrayList<>();
        for (int k = 0; k < categories.size(); k++) {
            List<GroundTruthObject> gts = gtByCategory.get(k);
            List<Detection> dts = dtByCategory.get(k);
            if (gts.isEmpty() && dts.isEmpty()) {
                continue;
            }
            UnitResult unit = unit(image, k, gts, dts);
            units.add(unit);
            outcome(unit, gts, dts, matches, unmatched, missed);
        }
        if (images.putIfAbsent(image.id(), units.toArray(new UnitResult[0])) != null) {
            throw new EvaluationException("image " + image.id() + " (" + image.fileName() + ") was evaluated twice");
        }
        return new ImageOutcome(image, matches, unmatched, missed);
    }

    /** Objects by category index, each list in input order; objects of other categories are left out. */
    private <T> List<List<T>> byCategory(List<T> objects, ToIntFunction<T> category) {
        List<List<T>> out = new ArrayList<>(categories.size());
        for (int k = 0; k < categories.size(); k++) {
            out.add(List.of());
        }
        for (T o : objects) {
            Integer k = categoryIndex.get(category.applyAsInt(o));
            if (k != null) {
                if (out.get(k).isEmpty()) {
                    out.set(k, new ArrayList<>());
                }
                out.get(k).add(o);
            }
        }
        return out;
    }

    /** The unit's matches at the first threshold and area range, for the image's outcome. */
    private static void outcome(UnitResult unit, List<GroundTruthObject> gts, List<Detection> dts, List<ImageOutcome.Match> matches,
                                List<Detection> unmatched, List<GroundTruthObject> missed) {
        boolean[] found = new boolean[gts.size()];
        for (int r = 0; r < unit.detections(); r++) {
            Detection d = dts.get(unit.detectionIndex(r));
            int m = unit.firstMatch(r);
            if (m >= 0) {
                matches.add(new ImageOutcome.Match(d, gts.get(m)));
                found[m] = true;
            } else {
                unmatched.add(d);
            }
        }
        for (int j = 0; j < gts.size(); j++) {
            if (!found[j] && !gts.get(j).crowd()) {
                missed.add(gts.get(j));
            }
        }
    }

    private UnitResult unit(CocoImage image, int k, List<GroundTruthObject> gts, List<Detection> dts) {
        double[] scores = new double[dts.size()];
        double[] dtAreas = new double[dts.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = dts.get(i).score();
            dtAreas[i] = dts.get(i).area();
        }
        int[] order = CocoMatching.scoreOrder(scores);
        if (order.length > params.largestMaxDetections()) {
            order = Arrays.copyOf(order, params.largestMaxDetections());
        }
        long[] gtIds = new long[gts.size()];
        boolean[] crowd = new boolean[gts.size()];
        double[] gtAreas = new double[gts.size()];
        for (int j = 0; j < gtIds.length; j++) {
            gtIds[j] = gts.get(j).id();
            crowd[j] = gts.get(j).crowd();
            gtAreas[j] = gts.get(j).area();
        }
        double[][] iou = null;
        if (order.length > 0 && !gts.isEmpty()) {
            iou = iouType == IouType.BBOX ? boxIou(image, order, dts, gts, crowd) : maskIou(image, order, dts, gts, crowd);
        }
        return CocoMatching.match(k, order, scores, dtAreas, gtIds, crowd, gtAreas, iou, params.iouThresholds(), areaMin, areaMax);
    }

    private static double[][] boxIou(CocoImage image, int[] order, List<Detection> dts, List<GroundTruthObject> gts, boolean[] crowd) {
        double[][] dtBoxes = new double[order.length][];
        for (int r = 0; r < order.length; r++) {
            Detection d = dts.get(order[r]);
            dtBoxes[r] = d.bboxView();
            if (dtBoxes[r] == null) {
                throw new EvaluationException(image.fileName() + ": detection " + d.id() + " has no bbox of 4 numbers [x, y, w, h] for a bbox evaluation");
            }
        }
        double[][] gtBoxes = new double[gts.size()][];
        for (int j = 0; j < gtBoxes.length; j++) {
            gtBoxes[j] = gts.get(j).bboxView();
            if (gtBoxes[j] == null) {
                throw new EvaluationException(image.fileName() + ": annotation " + gts.get(j).id() + " has no bbox of 4 numbers [x, y, w, h] for a bbox evaluation");
            }
        }
        return CocoIou.ofBoxes(dtBoxes, gtBoxes, crowd);
    }

    private static double[][] maskIou(CocoImage image, int[] order, List<Detection> dts, List<GroundTruthObject> gts, boolean[] crowd) {
        List<CocoRle> dtMasks = new ArrayList<>(order.length);
        for (int r : order) {
            Detection d = dts.get(r);
            dtMasks.add(rle(image, d.segmentation(), "detection " + d.id()));
        }
        List<CocoRle> gtMasks = new ArrayList<>(gts.size());
        for (GroundTruthObject g : gts) {
            gtMasks.add(rle(image, g.segmentation(), "annotation " + g.id()));
        }
        return CocoIou.of(dtMasks, gtMasks, crowd);
    }

    private static CocoRle rle(CocoImage image, CocoSegmentation segmentation, String what) {
        if (segmentation == null) {
            throw new EvaluationException(image.fileName() + ": " + what + " has no segmentation for a segm evaluation");
        }
        try {
            return segmentation.toRle(image.width(), image.height());
        } catch (GeometryException e) {
            throw new EvaluationException(image.fileName() + " (image " + image.id() + "): " + what + ": " + e.getMessage(), e);
        }
    }

    /** COCOeval's {@code accumulate} and {@code summarize} over every image added. */
    public CocoSummary summarize() {
        return summarize(id -> true);
    }

    /**
     * As {@link #summarize()} over the images whose id passes {@code imageIds} (COCOeval with that {@code imgIds}).
     * Summaries of several subsets share one sort of the detections (made at the first summary after an
     * {@link #add}).
     */
    public CocoSummary summarize(LongPredicate imageIds) {
        Accumulated all = accumulated();
        boolean[] included = new boolean[all.ids.length];
        int count = 0;
        long[] groundTruths = new long[categories.size()], crowds = new long[categories.size()];
        for (int i = 0; i < included.length; i++) {
            if (imageIds.test(all.ids[i])) {
                included[i] = true;
                count++;
                for (UnitResult u : all.units.get(i)) {
                    groundTruths[u.category()] += u.groundTruths();
                    crowds[u.category()] += u.crowds();
                }
            }
        }
        CocoAccumulation.Arrays5 arrays = CocoAccumulation.accumulate(all.sorted, count == included.length ? null : included,
                params.iouThresholds().length, params.recallThresholds(), params.areaRanges().size(), params.maxDetections());
        return new CocoSummary(params, categories, count, arrays.precision(), arrays.recall(), groundTruths, crowds);
    }

    /** The images added, in ascending id, and their detections sorted per category. */
    private record Accumulated(long[] ids, List<UnitResult[]> units, CocoAccumulation.Sorted sorted) {
    }

    private Accumulated accumulated() {
        synchronized (images) {
            Accumulated a = accumulated;
            if (a == null || a.ids.length != images.size()) {
                TreeMap<Long, UnitResult[]> sorted = new TreeMap<>(images);
                long[] ids = sorted.keySet().stream().mapToLong(Long::longValue).toArray();
                List<UnitResult[]> units = new ArrayList<>(sorted.values());
                a = new Accumulated(ids, units, CocoAccumulation.sort(units, categories.size()));
                accumulated = a;
            }
            return a;
        }
    }

    /** The number of images added. */
    public int imageCount() {
        return images.size();
    }

    /** Whether image {@code id} was added. */
    public boolean contains(long id) {
        return images.containsKey(id);
    }
}

package dev.pulmo.evaluation.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * COCOeval's {@code accumulate}, rule for rule: per category, area range and detection limit, the detections of
 * all images (ascending image id, each image's first {@code maxDet} in score order) are sorted by score
 * descending, stably, so that ties across images keep image-id order; cumulative true and false positives give
 * recall {@code tp / npig} and precision {@code tp / (tp + fp + eps)} (NumPy's {@code spacing(1)}); precision is
 * made monotone from the right and read at each recall threshold at the first position whose recall reaches it
 * ({@code searchsorted(..., side='left')}), 0 beyond the last recall reached. Entries stay −1 where a category has
 * no image with detections or ground truth, or no ground truth that is not ignored.
 *
 * <p>The same numbers with less work: ignored detections are skipped instead of carried as entries that repeat
 * their predecessor's recall and precision; and since precision only rises at a true positive and recall is
 * {@code k / npig} after the k-th, the envelope is taken over the precisions at true positives and the recall
 * thresholds are met by counting true positives, so a pass over the detections only counts. Each precision and
 * recall is still computed with NumPy's expression, so the values are bit for bit COCOeval's.
 */
public final class CocoAccumulation {
    private static final double EPS = Math.ulp(1.0);

    /** {@code precision[t][r][k][a][m]} and {@code recall[t][k][a][m]}, flattened in that order. */
    public record Arrays5(double[] precision, double[] recall) {
    }

    private CocoAccumulation() {
    }

    /**
     * The detections of every image, per category, concatenated in image order and sorted by score once (stably), so
     * that several accumulations over subsets of the images share the sort: the stable sort of a subset is the subset
     * of the stable sort.
     */
    public static final class Sorted {
        final int images;
        final Category[] categories;

        private Sorted(int images, Category[] categories) {
            this.images = images;
            this.categories = categories;
        }

        /** Images sorted (as given, ascending id). */
        public int images() {
            return images;
        }
    }

    /** One category's units (in image order) and its detections in score order: unit and rank of each. */
    record Category(UnitResult[] units, int[] imageOf, int[] unitSorted, int[] rankSorted) {
    }

    /**
     * Sorts the detections of {@code images} (per image in ascending image id, its units: at most one per category
     * index), one category per task.
     */
    public static Sorted sort(List<UnitResult[]> images, int categories) {
        List<List<UnitResult>> byCategory = new ArrayList<>(categories);
        List<List<Integer>> imageOf = new ArrayList<>(categories);
        for (int k = 0; k < categories; k++) {
            byCategory.add(new ArrayList<>());
            imageOf.add(new ArrayList<>());
        }
        for (int i = 0; i < images.size(); i++) {
            for (UnitResult u : images.get(i)) {
                byCategory.get(u.category).add(u);
                imageOf.get(u.category).add(i);
            }
        }
        Category[] sorted = new Category[categories];
        IntStream.range(0, categories).parallel().forEach(k -> {
            UnitResult[] units = byCategory.get(k).toArray(new UnitResult[0]);
            int[] image = imageOf.get(k).stream().mapToInt(Integer::intValue).toArray();
            int total = 0;
            for (UnitResult u : units) {
                total += u.scores.length;
            }
            int[] order = new int[total];
            double[] score = new double[total];
            int[] unitOf = new int[total], rankOf = new int[total];
            concatenate(units, score, unitOf, rankOf, order);
            StableSort.byScoreDescending(order, score);
            int[] unitSorted = new int[total], rankSorted = new int[total];
            for (int i = 0; i < total; i++) {
                unitSorted[i] = unitOf[order[i]];
                rankSorted[i] = rankOf[order[i]];
            }
            sorted[k] = new Category(units, image, unitSorted, rankSorted);
        });
        return new Sorted(images.size(), sorted);
    }

    /**
     * @param images per image in ascending image id, its units (at most one per category index)
     */
    public static Arrays5 accumulate(List<UnitResult[]> images, int categories, int thresholds, double[] recallThresholds,
                                     int areas, int[] maxDetections) {
        return accumulate(sort(images, categories), null, thresholds, recallThresholds, areas, maxDetections);
    }

    /**
     * COCOeval's {@code accumulate} over the images of {@code sorted} that {@code included} marks (by their position
     * in the sorted list; null for all): what COCOeval gives with {@code params.imgIds} set to them.
     */
    public static Arrays5 accumulate(Sorted sorted, boolean[] included, int thresholds, double[] recallThresholds,
                                     int areas, int[] maxDetections) {
        int categories = sorted.categories.length, recalls = recallThresholds.length, limits = maxDetections.length;
        double[] precision = new double[thresholds * recalls * categories * areas * limits];
        double[] recall = new double[thresholds * categories * areas * limits];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
        // Categories are independent and write disjoint entries: one task each.
        IntStream.range(0, categories).parallel().forEach(k -> category(k, sorted.categories[k], included, categories, thresholds,
                recallThresholds, areas, maxDetections, precision, recall));
        return new Arrays5(precision, recall);
    }

    private static void category(int k, Category sorted, boolean[] included, int categories, int thresholds,
                                 double[] recallThresholds, int areas, int[] maxDetections, double[] precision, double[] recall) {
        UnitResult[] units = sorted.units();
        boolean[] unitIncluded = new boolean[units.length];
        boolean any = false;
        for (int u = 0; u < units.length; u++) {
            unitIncluded[u] = included == null || included[sorted.imageOf()[u]];
            any |= unitIncluded[u];
        }
        if (!any) {
            return;
        }
        int recalls = recallThresholds.length, limits = maxDetections.length;
        // the included entries in score order, and their fates at every area range and threshold, read in one pass
        int[] unitSorted = sorted.unitSorted(), rankSorted = sorted.rankSorted();
        int total = 0;
        for (int i = 0; i < unitSorted.length; i++) {
            total += unitIncluded[unitSorted[i]] ? 1 : 0;
        }
        int[] rank = new int[total];
        byte[][] fates = new byte[areas][thresholds * total];
        gather(units, unitIncluded, unitSorted, rankSorted, areas, thresholds, rank, fates);
        int[][] kept = new int[limits][];
        for (int m = 0; m < limits; m++) {
            kept[m] = positionsWithin(rank, maxDetections[m]);
        }
        for (int a = 0; a < areas; a++) {
            int npig = 0;
            for (int u = 0; u < units.length; u++) {
                npig += unitIncluded[u] ? units[u].notIgnored[a] : 0;
            }
            if (npig == 0) {
                continue;
            }
            // rc[k] = k / npig: recall once k true positives are counted; tp never exceeds npig
            double[] rcOf = new double[npig + 1];
            for (int c = 0; c <= npig; c++) {
                rcOf[c] = (double) c / npig;
            }
            int[] tp = new int[thresholds], fp = new int[thresholds];
            int[][] fpAtTp = new int[thresholds][npig + 1];
            double[] q = new double[recalls];
            for (int m = 0; m < limits; m++) {
                count(fates[a], kept[m], thresholds, npig, tp, fp, fpAtTp, k);
                for (int t = 0; t < thresholds; t++) {
                    recall[((t * categories + k) * areas + a) * limits + m] = (double) tp[t] / npig;
                    interpolate(fpAtTp[t], tp[t], fp[t], npig, rcOf, recallThresholds, q);
                    for (int r = 0; r < recalls; r++) {
                        precision[(((t * recalls + r) * categories + k) * areas + a) * limits + m] = q[r];
                    }
                }
            }
        }
    }

    /*
     * The passes below are small methods of their own so that the JIT compiles them early and once: called a hundred
     * times on tens of thousands of entries each, one large method would run interpreted for most of a short process.
     */

    /** Detections of all units in order, each unit's in score order: score, unit, rank, and identity order. */
    private static void concatenate(UnitResult[] units, double[] score, int[] unitOf, int[] rankOf, int[] order) {
        int n = 0;
        for (int i = 0; i < units.length; i++) {
            double[] scores = units[i].scores;
            for (int r = 0; r < scores.length; r++, n++) {
                unitOf[n] = i;
                rankOf[n] = r;
                score[n] = scores[r];
                order[n] = n;
            }
        }
    }

    /** Sorted positions whose rank in their image is below the detection limit. */
    private static int[] positionsWithin(int[] rankSorted, int maxDet) {
        int[] out = new int[rankSorted.length];
        int n = 0;
        for (int i = 0; i < rankSorted.length; i++) {
            if (rankSorted[i] < maxDet) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** The included entries' ranks and fates ({@code fates[area][entry * thresholds + threshold]}), in score order. */
    private static void gather(UnitResult[] units, boolean[] unitIncluded, int[] unitSorted, int[] rankSorted, int areas,
                               int thresholds, int[] rank, byte[][] fates) {
        int n = 0;
        for (int i = 0; i < unitSorted.length; i++) {
            if (!unitIncluded[unitSorted[i]]) {
                continue;
            }
            byte[] state = units[unitSorted[i]].states;
            int r = rankSorted[i];
            rank[n] = r;
            for (int a = 0, from = r * areas * thresholds; a < areas; a++, from += thresholds) {
                System.arraycopy(state, from, fates[a], n * thresholds, thresholds);
            }
            n++;
        }
    }

    /** One pass for every threshold: counts, and the false positives seen when the c-th true positive came. */
    private static void count(byte[] fates, int[] positions, int thresholds, int npig, int[] tp, int[] fp, int[][] fpAtTp, int k) {
        Arrays.fill(tp, 0);
        Arrays.fill(fp, 0);
        for (int i : positions) {
            for (int t = 0, at = i * thresholds; t < thresholds; t++, at++) {
                byte fate = fates[at];
                if (fate == UnitResult.TRUE_POSITIVE) {
                    if (tp[t] == npig) {
                        throw new IllegalStateException("more true positives than ground truth in category " + k);
                    }
                    fpAtTp[t][++tp[t]] = fp[t];
                } else if (fate == UnitResult.FALSE_POSITIVE) {
                    fp[t]++;
                }
            }
        }
    }

    /**
     * Interpolated precision at each recall threshold into {@code q}. Precision rises only at true positives, so the
     * monotone envelope (max over what follows) where the c-th true positive arrives is the max of the precisions at
     * true positives c and after; searchsorted(rc, thr, 'left') is the position where the needed-th true positive
     * arrives (position 0 when thr needs none), and beyond the last recall reached the value is 0.
     */
    private static void interpolate(int[] fpAtTp, int tpTotal, int fpTotal, int npig, double[] rcOf, double[] recallThresholds,
                                    double[] q) {
        double[] envelope = new double[tpTotal + 2];
        for (int c = tpTotal; c >= 1; c--) {
            double precisionHere = c / ((double) fpAtTp[c] + c + EPS);
            envelope[c] = Math.max(precisionHere, envelope[c + 1]);
        }
        boolean entries = tpTotal + fpTotal > 0;
        int needed = 0;
        for (int r = 0; r < recallThresholds.length; r++) {
            while (needed <= npig && rcOf[needed] < recallThresholds[r]) {
                needed++;
            }
            if (needed == 0) {
                q[r] = entries && tpTotal >= 1 ? envelope[1] : 0;
            } else {
                q[r] = needed <= tpTotal ? envelope[needed] : 0;
            }
        }
    }
}

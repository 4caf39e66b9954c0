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
     * @param images per image in ascending image id, its units (at most one per category index)
     */
    public static Arrays5 accumulate(List<UnitResult[]> images, int categories, int thresholds, double[] recallThresholds,
                                     int areas, int[] maxDetections) {
        int recalls = recallThresholds.length, limits = maxDetections.length;
        double[] precision = new double[thresholds * recalls * categories * areas * limits];
        double[] recall = new double[thresholds * categories * areas * limits];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
        List<List<UnitResult>> byCategory = new ArrayList<>(categories);
        for (int k = 0; k < categories; k++) {
            byCategory.add(new ArrayList<>());
        }
        for (UnitResult[] image : images) {
            for (UnitResult u : image) {
                byCategory.get(u.category).add(u);
            }
        }
        // Categories are independent and write disjoint entries: one task each.
        IntStream.range(0, categories).parallel().forEach(k -> category(k, byCategory.get(k), categories, thresholds,
                recallThresholds, areas, maxDetections, precision, recall));
        return new Arrays5(precision, recall);
    }

    private static void category(int k, List<UnitResult> units, int categories, int thresholds, double[] recallThresholds,
                                 int areas, int[] maxDetections, double[] precision, double[] recall) {
        int recalls = recallThresholds.length, limits = maxDetections.length;
        if (units.isEmpty()) {
            return;
        }
        int total = 0;
        for (UnitResult u : units) {
            total += u.scores.length;
        }
        int[] unitOf = new int[total], rankOf = new int[total], order = new int[total];
        double[] score = new double[total];
        int n = 0;
        for (int i = 0; i < units.size(); i++) {
            UnitResult u = units.get(i);
            for (int r = 0; r < u.scores.length; r++, n++) {
                unitOf[n] = i;
                rankOf[n] = r;
                score[n] = u.scores[r];
                order[n] = n;
            }
        }
        StableSort.byScoreDescending(order, score);
        // Entries in sorted order, and per area range their fates at every threshold laid out contiguously, so
        // that the passes over thresholds and limits read memory in order.
        int[] rankSorted = new int[total];
        UnitResult[] unitSorted = new UnitResult[total];
        for (int i = 0; i < total; i++) {
            rankSorted[i] = rankOf[order[i]];
            unitSorted[i] = units.get(unitOf[order[i]]);
        }
        byte[] fates = new byte[thresholds * total];
        for (int a = 0; a < areas; a++) {
            int npig = 0;
            for (UnitResult u : units) {
                npig += u.notIgnored[a];
            }
            if (npig == 0) {
                continue;
            }
            for (int i = 0, at = 0; i < total; i++) {
                byte[] state = unitSorted[i].states[a];
                for (int t = 0, from = rankSorted[i] * thresholds; t < thresholds; t++) {
                    fates[at++] = state[from + t];
                }
            }
            // rc[k] = k / npig: recall once k true positives are counted; tp never exceeds npig
            double[] rcOf = new double[npig + 1];
            for (int c = 0; c <= npig; c++) {
                rcOf[c] = (double) c / npig;
            }
            for (int m = 0; m < limits; m++) {
                int maxDet = maxDetections[m];
                // One pass for every threshold: counts, and the false positives seen when the k-th true positive came.
                int[] tp = new int[thresholds], fp = new int[thresholds];
                int[][] fpAtTp = new int[thresholds][npig + 1];
                for (int i = 0, at = 0; i < total; i++, at += thresholds) {
                    if (rankSorted[i] >= maxDet) {
                        continue;
                    }
                    for (int t = 0; t < thresholds; t++) {
                        byte fate = fates[at + t];
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
                for (int t = 0; t < thresholds; t++) {
                    int tpTotal = tp[t];
                    boolean entries = tpTotal + fp[t] > 0;
                    recall[((t * categories + k) * areas + a) * limits + m] = (double) tpTotal / npig;
                    // Precision rises only at true positives, so the monotone envelope (max over what follows) at the
                    // position where the k-th true positive arrives is the max of the precisions at true positives k..
                    double[] envelope = new double[tpTotal + 2];
                    for (int c = tpTotal; c >= 1; c--) {
                        double precisionHere = c / ((double) fpAtTp[t][c] + c + EPS);
                        envelope[c] = Math.max(precisionHere, envelope[c + 1]);
                    }
                    int needed = 0;
                    for (int r = 0; r < recalls; r++) {
                        // searchsorted(rc, thr, 'left'): the first position whose recall reaches thr, i.e. where
                        // the needed-th true positive arrives (position 0 when thr needs none)
                        while (needed <= npig && rcOf[needed] < recallThresholds[r]) {
                            needed++;
                        }
                        double q;
                        if (needed == 0) {
                            q = entries ? (tpTotal >= 1 ? envelope[1] : 0) : 0;
                        } else {
                            q = needed <= tpTotal ? envelope[needed] : 0;
                        }
                        precision[(((t * recalls + r) * categories + k) * areas + a) * limits + m] = q;
                    }
                }
            }
        }
    }
}

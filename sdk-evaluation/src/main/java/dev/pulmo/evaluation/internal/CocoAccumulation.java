package dev.pulmo.evaluation.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COCOeval's {@code accumulate}, rule for rule: per category, area range and detection limit, the detections of
 * all images (ascending image id, each image's first {@code maxDet} in score order) are sorted by score
 * descending, stably, so that ties across images keep image-id order; cumulative true and false positives give
 * recall {@code tp / npig} and precision {@code tp / (tp + fp + eps)} (NumPy's {@code spacing(1)}); precision is
 * made monotone from the right and read at each recall threshold at the first position whose recall reaches it
 * ({@code searchsorted(..., side='left')}), 0 beyond the last recall reached. Entries stay −1 where a category has
 * no image with detections or ground truth, or no ground truth that is not ignored.
 *
 * <p>Ignored detections are skipped instead of carried as entries that repeat their predecessor's recall and
 * precision: the interpolated values are the same.
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
        double[] rc = new double[0], pr = new double[0];
        for (int k = 0; k < categories; k++) {
            List<UnitResult> units = byCategory.get(k);
            if (units.isEmpty()) {
                continue;
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
            if (rc.length < total) {
                rc = new double[total];
                pr = new double[total];
            }
            for (int a = 0; a < areas; a++) {
                int npig = 0;
                for (UnitResult u : units) {
                    npig += u.notIgnored[a];
                }
                if (npig == 0) {
                    continue;
                }
                for (int m = 0; m < limits; m++) {
                    int maxDet = maxDetections[m];
                    for (int t = 0; t < thresholds; t++) {
                        int nd = 0;
                        double tp = 0, fp = 0;
                        for (int idx : order) {
                            int rank = rankOf[idx];
                            if (rank >= maxDet) {
                                continue;
                            }
                            UnitResult u = units.get(unitOf[idx]);
                            byte fate = u.states[a][t * u.scores.length + rank];
                            if (fate == UnitResult.IGNORED) {
                                continue;
                            }
                            if (fate == UnitResult.TRUE_POSITIVE) {
                                tp++;
                            } else {
                                fp++;
                            }
                            rc[nd] = tp / npig;
                            pr[nd] = tp / (fp + tp + EPS);
                            nd++;
                        }
                        recall[((t * categories + k) * areas + a) * limits + m] = tp / npig;
                        for (int i = nd - 1; i > 0; i--) {
                            if (pr[i] > pr[i - 1]) {
                                pr[i - 1] = pr[i];
                            }
                        }
                        int i = 0;
                        for (int r = 0; r < recalls; r++) {
                            while (i < nd && rc[i] < recallThresholds[r]) {
                                i++;
                            }
                            precision[(((t * recalls + r) * categories + k) * areas + a) * limits + m] = i < nd ? pr[i] : 0;
                        }
                    }
                }
            }
        }
        return new Arrays5(precision, recall);
    }
}

package dev.pulmo.evaluation.internal;

/**
 * COCOeval's {@code computeIoU} ordering and {@code evaluateImg} matching (pycocotools {@code cocoeval.py}) for one
 * image and one category, rule for rule:
 * <ul>
 *   <li>detections sorted by score, descending, stable (ties keep file order), cut to the largest detection limit;</li>
 *   <li>per area range, ground truth is ignored when crowd or when its {@code area} is outside [min, max] (closed),
 *   and ignored ground truth is tried after the rest (stable);</li>
 *   <li>per IoU threshold t, detections in score order take the not yet matched (crowd: any) ground truth with the
 *   highest IoU ≥ min(t, 1 − 1e−10), a later one winning a tie; once a non-ignored match is held, ignored ground
 *   truth is not tried;</li>
 *   <li>a detection matched to ignored ground truth is ignored; one left unmatched is ignored when its own area is
 *   outside the range; COCOeval records matches by ground-truth id, so a match to id 0 counts as no match.</li>
 * </ul>
 */
public final class CocoMatching {
    private CocoMatching() {
    }

    /**
     * The order COCOeval gives detections: indices by score descending, stable (NumPy's mergesort of −score).
     */
    public static int[] scoreOrder(double[] scores) {
        int n = scores.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        StableSort.byScoreDescending(order, scores);
        return order;
    }

    /**
     * Matches one image's detections of one category with its ground truth of that category.
     *
     * @param order detection input indices in score order, already cut to the largest detection limit
     * @param iou {@code [rank][ground truth input index]} for the detections in {@code order}, or null when there is
     *     no detection or no ground truth
     */
    public static UnitResult match(int category, int[] order, double[] dtScores, double[] dtAreas,
                                   long[] gtIds, boolean[] gtCrowd, double[] gtAreas, double[][] iou,
                                   double[] iouThresholds, double[] areaMin, double[] areaMax) {
        int d = order.length, g = gtIds.length, thresholds = iouThresholds.length, areas = areaMin.length;
        double[] scores = new double[d];
        for (int i = 0; i < d; i++) {
            scores[i] = dtScores[order[i]];
        }
        byte[] states = new byte[d * areas * thresholds];
        int[] notIgnored = new int[areas];
        int crowds = 0;
        for (boolean c : gtCrowd) {
            crowds += c ? 1 : 0;
        }
        int[] firstMatch = new int[d];
        java.util.Arrays.fill(firstMatch, -1);
        int[] gtOrder = new int[g];
        boolean[] ignored = new boolean[g];
        // gt j is taken at the current (area, threshold) when taken[j] == round: no clearing between rounds
        int[] taken = new int[g];
        int round = 0;
        for (int a = 0; a < areas; a++) {
            // gtind = argsort(_ignore, mergesort): not ignored first, each group in input order
            int n = 0;
            for (int j = 0; j < g; j++) {
                ignored[j] = gtCrowd[j] || gtAreas[j] < areaMin[a] || gtAreas[j] > areaMax[a];
                if (!ignored[j]) {
                    gtOrder[n++] = j;
                }
            }
            notIgnored[a] = n;
            for (int j = 0; j < g; j++) {
                if (ignored[j]) {
                    gtOrder[n++] = j;
                }
            }
            for (int t = 0; t < thresholds; t++) {
                round++;
                for (int r = 0; r < d; r++) {
                    double best = Math.min(iouThresholds[t], 1 - 1e-10);
                    int m = -1;
                    if (iou != null) {
                        double[] row = iou[r];
                        for (int p = 0; p < g; p++) {
                            int j = gtOrder[p];
                            if (taken[j] == round && !gtCrowd[j]) {
                                continue;
                            }
                            if (m > -1 && !ignored[m] && ignored[j]) {
                                break;
                            }
                            if (row[j] < best) {
                                continue;
                            }
                            best = row[j];
                            m = j;
                        }
                    }
                    boolean outside = dtAreas[order[r]] < areaMin[a] || dtAreas[order[r]] > areaMax[a];
                    byte fate;
                    if (m == -1) {
                        fate = outside ? UnitResult.IGNORED : UnitResult.FALSE_POSITIVE;
                    } else {
                        // detection ids start at 1, so COCOeval's gtm > 0 holds for every matched ground truth
                        taken[m] = round;
                        boolean recorded = gtIds[m] != 0;
                        if (ignored[m] || (!recorded && outside)) {
                            fate = UnitResult.IGNORED;
                        } else {
                            fate = recorded ? UnitResult.TRUE_POSITIVE : UnitResult.FALSE_POSITIVE;
                        }
                        if (a == 0 && t == 0) {
                            firstMatch[r] = m;
                        }
                    }
                    states[(r * areas + a) * thresholds + t] = fate;
                }
            }
        }
        return new UnitResult(category, scores, states, areas, thresholds, notIgnored, g - crowds, crowds, firstMatch, order);
    }
}

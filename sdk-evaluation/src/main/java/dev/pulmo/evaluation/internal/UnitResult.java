package dev.pulmo.evaluation.internal;

/**
 * COCOeval's {@code evaluateImg} for one image and one category, at every area range and IoU threshold, kept in
 * the compact form {@code accumulate} needs: the detections' scores in COCOeval's order (score descending, ties in
 * file order, at most the largest detection limit) and, per area range and threshold, each detection's fate.
 */
public final class UnitResult {
    /** The detection counts as a true positive: matched to a ground truth with a non-zero id, not ignored. */
    public static final byte TRUE_POSITIVE = 1;
    /** The detection counts as a false positive: unmatched (or matched to id 0) and not ignored. */
    public static final byte FALSE_POSITIVE = 2;
    /** The detection is ignored: matched to an ignored ground truth, or unmatched and outside the area range. */
    public static final byte IGNORED = 0;

    final int category;
    final double[] scores;
    /**
     * {@code [(rank * areas + area) * thresholds + threshold]}: a detection's fates at every area range and threshold
     * side by side (one cache line), so that {@code accumulate}, which visits detections in score order across images,
     * reads each once.
     */
    final byte[] states;
    final int areas;
    final int thresholds;
    /** Ground truths that are not ignored, per area range ({@code gtIgnore == 0}). */
    final int[] notIgnored;
    /** Ground truths that are not crowd regions. */
    final int groundTruths;
    final int crowds;
    /** At the first IoU threshold and the first area range: the ground truth (input index) each detection matched, or -1. */
    final int[] firstMatch;
    /** Input index of each detection in score order. */
    final int[] detectionOrder;

    UnitResult(int category, double[] scores, byte[] states, int areas, int thresholds, int[] notIgnored, int groundTruths,
               int crowds, int[] firstMatch, int[] detectionOrder) {
        if (states.length != scores.length * areas * thresholds) {
            throw new IllegalArgumentException("states: expected " + scores.length * areas * thresholds + " fates, got " + states.length);
        }
        this.category = category;
        this.scores = scores;
        this.states = states;
        this.areas = areas;
        this.thresholds = thresholds;
        this.notIgnored = notIgnored;
        this.groundTruths = groundTruths;
        this.crowds = crowds;
        this.firstMatch = firstMatch;
        this.detectionOrder = detectionOrder;
    }

    /** The input index of the detection at {@code rank} (score order). */
    public int detectionIndex(int rank) {
        return detectionOrder[rank];
    }

    /** At the first IoU threshold and area range, the input index of the ground truth the detection at {@code rank} matched, or -1. */
    public int firstMatch(int rank) {
        return firstMatch[rank];
    }

    public int category() {
        return category;
    }

    public int detections() {
        return scores.length;
    }

    public double score(int rank) {
        return scores[rank];
    }

    public byte state(int area, int threshold, int rank) {
        return states[(rank * areas + area) * thresholds + threshold];
    }

    public int notIgnored(int area) {
        return notIgnored[area];
    }

    public int groundTruths() {
        return groundTruths;
    }

    public int crowds() {
        return crowds;
    }
}

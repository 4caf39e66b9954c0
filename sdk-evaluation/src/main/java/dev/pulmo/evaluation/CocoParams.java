package dev.pulmo.evaluation;

import dev.pulmo.evaluation.internal.NumpyMath;
import java.util.Arrays;
import java.util.List;

/**
 * COCOeval's parameters ({@code Params.setDetParams} in pycocotools' {@code cocoeval.py}) as the exact doubles it
 * uses. {@link #defaults()} is COCOeval's default, the one whose 12 summary numbers ({@link CocoSummary#stats()})
 * are defined; other thresholds or limits change the arrays but the summary formulas keep COCOeval's meaning
 * (maxDets indices 0, 1, 2; IoU 0.5 and 0.75 looked up by exact equality, as COCOeval does).
 *
 * @param iouThresholds IoU thresholds, ascending ({@code iouThrs}); default {@code linspace(0.5, 0.95, 10)}, so the
 *     ninth is 0.8999999999999999, not 0.9
 * @param recallThresholds recall points of the interpolated precision ({@code recThrs}); default
 *     {@code linspace(0, 1, 101)}, so the 36th is 0.35000000000000003
 * @param maxDetections detections kept per image <em>and category</em>, ascending ({@code maxDets}); default 1, 10, 100
 * @param areaRanges object area ranges in pixels, closed at both ends ({@code areaRng}, {@code areaRngLbl})
 */
public record CocoParams(double[] iouThresholds, double[] recallThresholds, int[] maxDetections, List<AreaRange> areaRanges) {

    /**
     * One area range: objects with {@code min ≤ area ≤ max} are in it (both ends closed, so an area of exactly
     * 1024 is both small and medium).
     */
    public record AreaRange(String label, double min, double max) {
    }

    public CocoParams {
        iouThresholds = iouThresholds.clone();
        recallThresholds = recallThresholds.clone();
        maxDetections = maxDetections.clone();
        areaRanges = List.copyOf(areaRanges);
        if (iouThresholds.length == 0 || recallThresholds.length == 0 || maxDetections.length == 0 || areaRanges.isEmpty()) {
            throw new IllegalArgumentException("COCO parameters need at least one IoU threshold, recall threshold, detection limit and area range");
        }
        for (int i = 1; i < maxDetections.length; i++) {
            if (maxDetections[i] < maxDetections[i - 1]) {
                throw new IllegalArgumentException("maxDets must be ascending, as COCOeval sorts them: " + Arrays.toString(maxDetections));
            }
        }
        for (int i = 1; i < recallThresholds.length; i++) {
            if (recallThresholds[i] < recallThresholds[i - 1]) {
                throw new IllegalArgumentException("recall thresholds must be ascending: " + Arrays.toString(recallThresholds));
            }
        }
    }

    /** COCOeval's defaults for {@code bbox} and {@code segm}. */
    public static CocoParams defaults() {
        // Params.setDetParams: linspace(.5, .95, round((.95 - .5) / .05) + 1), linspace(0, 1, round(1 / .01) + 1)
        return new CocoParams(NumpyMath.linspace(.5, 0.95, (int) Math.round((0.95 - .5) / .05) + 1),
                NumpyMath.linspace(.0, 1.00, (int) Math.round((1.00 - .0) / .01) + 1),
                new int[] {1, 10, 100},
                List.of(new AreaRange("all", 0, 1e5 * 1e5), new AreaRange("small", 0, 32 * 32),
                        new AreaRange("medium", 32 * 32, 96 * 96), new AreaRange("large", 96 * 96, 1e5 * 1e5)));
    }

    @Override
    public double[] iouThresholds() {
        return iouThresholds.clone();
    }

    @Override
    public double[] recallThresholds() {
        return recallThresholds.clone();
    }

    @Override
    public int[] maxDetections() {
        return maxDetections.clone();
    }

    /** The largest detection limit, the one matching runs with. */
    public int largestMaxDetections() {
        return maxDetections[maxDetections.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CocoParams p && Arrays.equals(p.iouThresholds, iouThresholds)
                && Arrays.equals(p.recallThresholds, recallThresholds) && Arrays.equals(p.maxDetections, maxDetections)
                && p.areaRanges.equals(areaRanges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(iouThresholds) * 31 + Arrays.hashCode(maxDetections);
    }

    @Override
    public String toString() {
        return "CocoParams[iouThrs=" + Arrays.toString(iouThresholds) + ", maxDets=" + Arrays.toString(maxDetections)
                + ", areaRng=" + areaRanges + "]";
    }
}

package dev.pulmo.geometry;

import java.util.List;

/**
 * Intersection over union as pycocotools' {@code maskUtils.iou(dt, gt, iscrowd)} computes it for COCOeval
 * ({@code bbIou} and {@code rleIou} in {@code maskApi.c}), bit for bit, crowd regions included:
 * <ul>
 *   <li>Boxes are COCO's {@code [x, y, w, h]} on pixel edges. The overlap's width is
 *   {@code min(x+w) − max(x)}; a width or height ≤ 0 gives 0. The union is {@code dtArea + gtArea − overlap},
 *   or, for a crowd ground truth, the detection's area alone (so a crowd region absorbs any detection inside
 *   it). No clipping to the image: boxes may reach outside it or have zero width.</li>
 *   <li>RLEs are compared run by run. As in pycocotools, a pair is first tested on its {@link CocoRle#toBbox()}
 *   boxes: when those do not overlap the IoU is 0 without looking further, and when they overlap but the two
 *   RLEs have different sizes the result is −1 (pycocotools' marker, which never reaches a threshold). Otherwise
 *   intersection / union pixel counts, the union being the detection's pixel count for a crowd ground truth;
 *   an empty intersection gives 0.</li>
 * </ul>
 * Matrices are indexed {@code [detection][groundTruth]}, as {@code maskUtils.iou} returns them.
 */
public final class CocoIou {
    private CocoIou() {
    }

    /**
     * pycocotools' {@code bbIou} of one detection box and one ground-truth box, both {@code [x, y, w, h]}.
     *
     * @param crowd whether the ground truth is a crowd region ({@code iscrowd} 1)
     */
    public static double ofBoxes(double[] detection, double[] groundTruth, boolean crowd) {
        return boxes(detection[0], detection[1], detection[2], detection[3],
                groundTruth[0], groundTruth[1], groundTruth[2], groundTruth[3], crowd);
    }

    /**
     * {@link #ofBoxes(double[], double[], boolean)} of every pair: {@code [d][g]}.
     *
     * @throws IllegalArgumentException when {@code crowd.length != groundTruths.length} or a box has not 4 numbers
     */
    public static double[][] ofBoxes(double[][] detections, double[][] groundTruths, boolean[] crowd) {
        requireCrowdFlags(groundTruths.length, crowd);
        for (double[][] boxes : new double[][][] {detections, groundTruths}) {
            for (int i = 0; i < boxes.length; i++) {
                if (boxes[i].length != 4) {
                    throw new IllegalArgumentException("box " + i + " has " + boxes[i].length + " numbers, expected [x, y, w, h]");
                }
            }
        }
        double[][] iou = new double[detections.length][groundTruths.length];
        for (int d = 0; d < detections.length; d++) {
            for (int g = 0; g < groundTruths.length; g++) {
                iou[d][g] = ofBoxes(detections[d], groundTruths[g], crowd[g]);
            }
        }
        return iou;
    }

    /** pycocotools' {@code rleIou} of one detection RLE and one ground-truth RLE. */
    public static double of(CocoRle detection, CocoRle groundTruth, boolean crowd) {
        return rles(detection, box(detection), groundTruth, box(groundTruth), crowd);
    }

    /**
     * {@link #of(CocoRle, CocoRle, boolean)} of every pair: {@code [d][g]}; each RLE's box is computed once.
     *
     * @throws IllegalArgumentException when {@code crowd.length != groundTruths.size()}
     */
    public static double[][] of(List<CocoRle> detections, List<CocoRle> groundTruths, boolean[] crowd) {
        requireCrowdFlags(groundTruths.size(), crowd);
        double[][] gtBoxes = new double[groundTruths.size()][];
        for (int g = 0; g < gtBoxes.length; g++) {
            gtBoxes[g] = box(groundTruths.get(g));
        }
        double[][] iou = new double[detections.size()][groundTruths.size()];
        for (int d = 0; d < iou.length; d++) {
            CocoRle dt = detections.get(d);
            double[] dtBox = box(dt);
            for (int g = 0; g < gtBoxes.length; g++) {
                iou[d][g] = rles(dt, dtBox, groundTruths.get(g), gtBoxes[g], crowd[g]);
            }
        }
        return iou;
    }

    private static void requireCrowdFlags(int groundTruths, boolean[] crowd) {
        if (crowd.length != groundTruths) {
            throw new IllegalArgumentException("iscrowd has " + crowd.length + " flags for " + groundTruths + " ground truths");
        }
    }

    private static double[] box(CocoRle rle) {
        long[] b = rle.boxView();
        return new double[] {b[0], b[1], b[2], b[3]};
    }

    private static double boxes(double dx, double dy, double dw, double dh, double gx, double gy, double gw, double gh,
                                boolean crowd) {
        double gtArea = gw * gh;
        double dtArea = dw * dh;
        double w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
        if (w <= 0) {
            return 0;
        }
        double h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
        if (h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double union = crowd ? dtArea : dtArea + gtArea - intersection;
        return intersection / union;
    }

    private static double rles(CocoRle dt, double[] dtBox, CocoRle gt, double[] gtBox, boolean crowd) {
        double screen = boxes(dtBox[0], dtBox[1], dtBox[2], dtBox[3], gtBox[0], gtBox[1], gtBox[2], gtBox[3], crowd);
        if (!(screen > 0)) {
            return screen;
        }
        if (dt.width() != gt.width() || dt.height() != gt.height()) {
            return -1;
        }
        int[] a = dt.countsView(), b = gt.countsView();
        // Both count lists cover width × height pixels and start with background; walk them together.
        long ca = a[0], cb = b[0];
        int ia = 1, ib = 1;
        boolean va = false, vb = false;
        long intersection = 0, union = 0;
        long remaining = 1;
        while (remaining > 0) {
            long c = Math.min(ca, cb);
            if (va || vb) {
                union += c;
                if (va && vb) {
                    intersection += c;
                }
            }
            remaining = 0;
            ca -= c;
            if (ca == 0 && ia < a.length) {
                ca = a[ia++];
                va = !va;
            }
            remaining += ca;
            cb -= c;
            if (cb == 0 && ib < b.length) {
                cb = b[ib++];
                vb = !vb;
            }
            remaining += cb;
        }
        if (intersection == 0) {
            return 0;
        }
        return (double) intersection / (double) (crowd ? dt.area() : union);
    }
}

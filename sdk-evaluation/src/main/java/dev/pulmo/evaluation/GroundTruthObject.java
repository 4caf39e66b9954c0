package dev.pulmo.evaluation;

import java.util.Objects;

/**
 * One ground-truth object of an image: COCO's {@code annotations[]} entry as COCOeval uses it.
 *
 * @param id annotation id; COCOeval records matches by this id, so an id of 0 makes a match count as none (kept,
 *     as pycocotools does)
 * @param categoryId category id
 * @param crowd {@code iscrowd} ≠ 0: ignored, and IoU with it is intersection / detection area
 * @param area the file's {@code area}, never recomputed: it decides the area range
 * @param bbox {@code [x, y, w, h]} for {@code bbox} evaluation, or null when only {@code segm} is evaluated
 * @param segmentation the region for {@code segm} evaluation, or null when only {@code bbox} is evaluated
 */
public record GroundTruthObject(long id, int categoryId, boolean crowd, double area, double[] bbox, CocoSegmentation segmentation) {
    public GroundTruthObject {
        if (bbox != null) {
            bbox = bbox.clone();
        }
        if (bbox == null && segmentation == null) {
            throw new IllegalArgumentException("annotation " + id + " has neither a box nor a segmentation");
        }
    }

    @Override
    public double[] bbox() {
        return bbox == null ? null : bbox.clone();
    }

    /** The box without a copy, for this package's hot loops. */
    double[] bboxView() {
        return bbox;
    }
}

package dev.pulmo.evaluation;

/**
 * One detection of an image: a COCO results entry after pycocotools' {@code loadRes}.
 *
 * @param id 1, 2, … in file order (loadRes numbers results from 1, and COCOeval relies on ids above 0)
 * @param categoryId category id
 * @param score confidence; higher first, ties keep file order
 * @param area for box results {@code w * h} of the box (unclipped), for mask results the mask's pixel count
 * @param bbox {@code [x, y, w, h]}, or null when only {@code segm} is evaluated
 * @param segmentation the region for {@code segm} evaluation, or null when only {@code bbox} is evaluated
 */
public record Detection(long id, int categoryId, double score, double area, double[] bbox, CocoSegmentation segmentation) {
    public Detection {
        if (id < 1) {
            throw new IllegalArgumentException("detection ids start at 1, got " + id);
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("detection " + id + " has score " + score + ", expected a finite number");
        }
        if (bbox != null) {
            bbox = bbox.clone();
        }
        if (bbox == null && segmentation == null) {
            throw new IllegalArgumentException("detection " + id + " has neither a box nor a segmentation");
        }
    }

    @Override
    public double[] bbox() {
        return bbox == null ? null : bbox.clone();
    }

    double[] bboxView() {
        return bbox;
    }
}

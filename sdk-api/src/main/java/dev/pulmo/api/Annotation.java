package dev.pulmo.api;

import java.util.Objects;

/**
 * One entry of the {@code annotations} section of a guideline JSON file (SPEC.md §3): one lesion, or one
 * connected part of a lesion (see {@link Segmentation}).
 *
 * @param id           annotation id within the file
 * @param imageId      the {@link ImageRecord#id()} it belongs to
 * @param categoryId   id in the modality's {@link CategoryTable}
 * @param iscrowd      0 single, 1 multiple
 * @param area         area in pixels; by default the bbox area {@code (x2-x1)*(y2-y1)}, a modality may use
 *                     the polygon area instead
 * @param bbox         box in corner form
 * @param toolname     the annotation tool's name (limit 300)
 * @param segmentation one flat ring; for box modalities the box's 4 corners
 * @param width        the lesion's extent in x, pixels (normally {@code bbox.width()})
 * @param height       the lesion's extent in y, pixels (normally {@code bbox.height()})
 */
public record Annotation(long id, long imageId, int categoryId, int iscrowd, double area, BoundingBox bbox,
                         String toolname, Segmentation segmentation, double width, double height) {

    public Annotation {
        Objects.requireNonNull(bbox, "bbox");
        Objects.requireNonNull(segmentation, "segmentation");
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An annotation for a box-geometry modality: area, width and height from the box, segmentation its
     * four corners (SPEC.md §3).
     */
    public static Annotation ofBox(long id, long imageId, int categoryId, BoundingBox bbox, String toolname) {
        return new Annotation(id, imageId, categoryId, 0, bbox.area(), bbox, toolname, bbox.toSegmentation(),
                bbox.width(), bbox.height());
    }

    /** Builds an {@link Annotation}; unset {@code iscrowd} is 0 and unset segmentation is empty. */
    public static final class Builder {
        private long id;
        private long imageId = 1;
        private int categoryId;
        private int iscrowd;
        private double area;
        private BoundingBox bbox;
        private String toolname;
        private Segmentation segmentation = Segmentation.empty();
        private double width;
        private double height;

        private Builder() {
        }

        public Builder id(long v) { id = v; return this; }
        public Builder imageId(long v) { imageId = v; return this; }
        public Builder categoryId(int v) { categoryId = v; return this; }
        public Builder iscrowd(int v) { iscrowd = v; return this; }
        public Builder area(double v) { area = v; return this; }
        public Builder bbox(BoundingBox v) { bbox = v; return this; }
        public Builder toolname(String v) { toolname = v; return this; }
        public Builder segmentation(Segmentation v) { segmentation = v; return this; }
        public Builder width(double v) { width = v; return this; }
        public Builder height(double v) { height = v; return this; }

        public Annotation build() {
            return new Annotation(id, imageId, categoryId, iscrowd, area, bbox, toolname, segmentation, width, height);
        }
    }
}

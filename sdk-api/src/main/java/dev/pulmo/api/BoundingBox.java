package dev.pulmo.api;

import java.util.List;

/**
 * An axis-aligned box in the guideline's corner form {@code [x1, y1, x2, y2]} (SPEC.md §3) — not COCO's
 * {@code [x, y, w, h]}; use {@link #fromCoco} and {@link #toCoco} to convert.
 *
 * <p>Pixel coordinates, (0,0) at the top-left corner of the top-left pixel: a box covering pixel (c, r)
 * alone is {@code [c, r, c+1, r+1]}. The constructor accepts any finite values so that a reader can hold a
 * degenerate box from a file and report it; {@link #isProper()} tells whether x1 &lt; x2 and y1 &lt; y2.
 */
public record BoundingBox(double x1, double y1, double x2, double y2) {

    public BoundingBox {
        if (!Double.isFinite(x1) || !Double.isFinite(y1) || !Double.isFinite(x2) || !Double.isFinite(y2)) {
            throw new IllegalArgumentException("bbox coordinates must be finite: [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]");
        }
    }

    /** The box with corners (x1, y1) and (x2, y2). */
    public static BoundingBox fromCorners(double x1, double y1, double x2, double y2) {
        return new BoundingBox(x1, y1, x2, y2);
    }

    /** The box of COCO's {@code [x, y, width, height]}. */
    public static BoundingBox fromCoco(double x, double y, double width, double height) {
        return new BoundingBox(x, y, x + width, y + height);
    }

    /** The box covering pixel columns {@code [minCol, maxCol]} and rows {@code [minRow, maxRow]}, inclusive. */
    public static BoundingBox ofPixels(int minCol, int minRow, int maxCol, int maxRow) {
        return new BoundingBox(minCol, minRow, maxCol + 1.0, maxRow + 1.0);
    }

    /** The corner form as a 4-element list {@code [x1, y1, x2, y2]}. */
    public List<Double> toCorners() {
        return List.of(x1, y1, x2, y2);
    }

    /** COCO's {@code [x, y, width, height]}. */
    public double[] toCoco() {
        return new double[] {x1, y1, x2 - x1, y2 - y1};
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    /** {@code (x2-x1)*(y2-y1)}: the guideline's default {@code area} ("the area from the bbox"). */
    public double area() {
        return width() * height();
    }

    /** True when x1 &lt; x2 and y1 &lt; y2. */
    public boolean isProper() {
        return x1 < x2 && y1 < y2;
    }

    /** True when the box lies within an image of {@code width} × {@code height} pixels. */
    public boolean isWithin(double width, double height) {
        return x1 >= 0 && y1 >= 0 && x2 <= width && y2 <= height;
    }

    /** The box as a closed-order 4-corner ring {@code [x1,y1, x2,y1, x2,y2, x1,y2]} (SPEC.md §3, box modalities). */
    public Segmentation toSegmentation() {
        return Segmentation.of(x1, y1, x2, y1, x2, y2, x1, y2);
    }
}

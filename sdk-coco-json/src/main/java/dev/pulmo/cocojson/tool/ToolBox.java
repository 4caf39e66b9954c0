package dev.pulmo.cocojson.tool;

import dev.pulmo.api.BoundingBox;

/**
 * The tool's bounding box {@code {"left", "top", "width", "height"}} in pixel coordinates (SPEC.md §3).
 * Width and height are not negative.
 */
public record ToolBox(double left, double top, double width, double height) {
    public ToolBox {
        if (!Double.isFinite(left) || !Double.isFinite(top) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("box values must be finite");
        }
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box width and height must not be negative, got " + width + " x " + height);
        }
    }

    public double right() {
        return left + width;
    }

    public double bottom() {
        return top + height;
    }

    /** The same box in the guideline's corner form {@code [left, top, left+width, top+height]}. */
    public BoundingBox toBoundingBox() {
        return BoundingBox.fromCorners(left, top, right(), bottom());
    }
}
